package io.tocsin.platform.work;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs rounds of a background job one at a time, whoever asks: a timer, a database notification, a
 * request. A trigger while a round runs asks for one more right after it, so nothing asked for is
 * missed and rounds never overlap; a round that says more work is waiting is followed at once; a
 * round that fails or outlives its timeout is logged, and the next trigger tries again.
 */
public final class Rounds {

    private static final Logger LOG = Logger.getLogger(Rounds.class);

    private final String name;
    private final Supplier<Uni<Boolean>> round;
    private final Duration timeout;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopped;

    /**
     * @param name    what the job is, for the log
     * @param round   one round; its item says whether more work may already be waiting
     * @param timeout how long a round may take before it is given up (its work is cancelled)
     */
    public Rounds(String name, Supplier<Uni<Boolean>> round, Duration timeout) {
        this.name = name;
        this.round = round;
        this.timeout = timeout;
    }

    /** Asks for a round now; if one is running, another follows it. */
    public void trigger() {
        if (stopped) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        Uni<Boolean> next;
        try {
            next = round.get();
        } catch (RuntimeException e) {
            next = Uni.createFrom().failure(e);
        }
        next.ifNoItem().after(timeout).fail().subscribe().with(this::finished, failure -> {
            LOG.warnf("%s round failed (will retry): %s", name, failure.getMessage());
            finished(false);
        });
    }

    /** No round starts after this; one running finishes on its own. */
    public void stop() {
        stopped = true;
    }

    public boolean running() {
        return running.get();
    }

    private void finished(Boolean moreWaiting) {
        running.set(false);
        boolean asked = again.getAndSet(false);
        if (Boolean.TRUE.equals(moreWaiting) || asked) {
            trigger();
        }
    }
}
