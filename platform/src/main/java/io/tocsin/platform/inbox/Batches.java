package io.tocsin.platform.inbox;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Takes a stream's items in batches of whatever has arrived, without waiting for more: the first item is
 * handled at once, and what comes in meanwhile forms the next batch (at most {@code maxBatch}). At most
 * {@code maxBatch} items are requested and not yet handled, so a paused stream keeps the rest at its source
 * (for the broker: unsent, within the receiver's credit). Batches are handled one after another, in order.
 */
final class Batches<T> implements MultiSubscriber<T>, Cancellable {

    private final int maxBatch;
    private final Function<List<T>, Uni<Void>> handler;
    private final Consumer<Throwable> onFailure;
    private final Runnable onCompletion;
    private final Queue<T> arrived = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean handling = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    /** Drain requests not yet served: only one thread runs the drain loop at a time. */
    private final AtomicInteger work = new AtomicInteger();
    private volatile Flow.Subscription upstream;

    /** {@code handler} must never fail: it gives every item of the batch its outcome itself. */
    Batches(int maxBatch, Function<List<T>, Uni<Void>> handler, Consumer<Throwable> onFailure, Runnable onCompletion) {
        this.maxBatch = maxBatch;
        this.handler = handler;
        this.onFailure = onFailure;
        this.onCompletion = onCompletion;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        upstream = subscription;
        if (cancelled.get()) {
            subscription.cancel();
            return;
        }
        subscription.request(maxBatch);
    }

    @Override
    public void onItem(T item) {
        arrived.add(item);
        drain();
    }

    @Override
    public void onFailure(Throwable failure) {
        onFailure.accept(failure);
    }

    @Override
    public void onCompletion() {
        onCompletion.run();
    }

    @Override
    public void cancel() {
        cancelled.set(true);
        Flow.Subscription subscription = upstream;
        if (subscription != null) {
            subscription.cancel();
        }
    }

    /** Starts the next batch if none is being handled; loops rather than recursing when batches end at once. */
    private void drain() {
        if (work.getAndIncrement() != 0) {
            return;
        }
        do {
            startBatch();
        } while (work.decrementAndGet() != 0);
    }

    private void startBatch() {
        if (cancelled.get() || handling.get() || arrived.isEmpty()) {
            return;
        }
        handling.set(true);
        List<T> batch = new ArrayList<>();
        for (T item = arrived.poll(); item != null; item = batch.size() < maxBatch ? arrived.poll() : null) {
            batch.add(item);
        }
        handler.apply(batch).subscribe().with(ignored -> handled(batch.size()), failure -> handled(batch.size()));
    }

    private void handled(int count) {
        handling.set(false);
        Flow.Subscription subscription = upstream;
        if (!cancelled.get() && subscription != null) {
            subscription.request(count);
        }
        drain();
    }
}
