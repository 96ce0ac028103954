package io.tocsin.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchesTest {

    @Test
    void theFirstItemGoesAloneAndWhatArrivesMeanwhileFormsTheNextBatchesInOrder() {
        List<List<Integer>> batches = new ArrayList<>();
        List<UniEmitter<? super Void>> open = new ArrayList<>();
        AtomicLong requested = new AtomicLong();
        AtomicBoolean completed = new AtomicBoolean();
        Batches<Integer> subscriber = new Batches<>(10, batch -> {
            batches.add(batch);
            return Uni.createFrom().emitter(open::add);
        }, failure -> { }, () -> completed.set(true));
        Multi.createFrom().range(0, 95).onRequest().invoke(requested::addAndGet).subscribe().withSubscriber(subscriber);

        assertThat(batches).containsExactly(List.of(0));
        assertThat(requested).as("no more than a batch outstanding").hasValue(10);
        // Finishing a batch requests as many items as it held; those arrive and start the next batch.
        for (int done = 0; done < batches.size() && done < 100; done++) {
            open.get(done).complete(null);
        }
        assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 10));
        assertThat(batches.get(1)).hasSize(10);
        assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(IntStream.range(0, 95).boxed().toList());
        assertThat(completed).isTrue();
    }

    @Test
    void batchesThatEndAtOnceDoNotGrowTheStack() {
        List<Integer> seen = new ArrayList<>();
        Batches<Integer> subscriber = new Batches<>(1, batch -> {
            seen.addAll(batch);
            return Uni.createFrom().voidItem();
        }, failure -> { }, () -> { });
        Multi.createFrom().range(0, 200_000).subscribe().withSubscriber(subscriber);
        assertThat(seen).hasSize(200_000);
        assertThat(seen.get(199_999)).isEqualTo(199_999);
    }

    @Test
    void aCancelledSubscriberStartsNoFurtherBatch() {
        List<List<Integer>> batches = new ArrayList<>();
        List<UniEmitter<? super Void>> open = new ArrayList<>();
        Batches<Integer> subscriber = new Batches<>(5, batch -> {
            batches.add(batch);
            return Uni.createFrom().emitter(open::add);
        }, failure -> { }, () -> { });
        Multi.createFrom().range(0, 50).subscribe().withSubscriber(subscriber);
        subscriber.cancel();
        open.get(0).complete(null);
        assertThat(batches).hasSize(1);
    }
}
