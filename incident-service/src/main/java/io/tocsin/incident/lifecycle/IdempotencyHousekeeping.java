package io.tocsin.incident.lifecycle;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** Deletes idempotency keys past their 24 hours. */
@ApplicationScoped
public class IdempotencyHousekeeping {

    private final IdempotencyStore store;
    private final Clock clock;

    public IdempotencyHousekeeping(IdempotencyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Scheduled(every = "${tocsin.idempotency.purge-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return store.purge(clock.instant()).replaceWithVoid();
    }
}
