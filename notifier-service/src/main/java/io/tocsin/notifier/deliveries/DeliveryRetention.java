package io.tocsin.notifier.deliveries;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.Db;
import io.tocsin.notifier.NotifierSettings;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Deletes finished deliveries (delivered or failed) once they are older than the retention, in
 * bounded batches, so the table holds what people still look at. Pending deliveries are never
 * touched: ordering and retries only concern those. Safe on any number of replicas (a row deleted
 * twice is deleted once).
 */
@ApplicationScoped
public class DeliveryRetention {

    private static final Logger LOG = Logger.getLogger(DeliveryRetention.class);
    private static final int BATCH = 5_000;
    private static final Duration EVERY = Duration.ofMinutes(10);
    private static final String PURGE = "DELETE FROM notifier.deliveries WHERE position IN (SELECT position"
            + " FROM notifier.deliveries WHERE status <> 'pending' AND updated_at < $1 ORDER BY updated_at LIMIT $2)";

    private final Pool pool;
    private final Vertx vertx;
    private final NotifierSettings settings;
    private final Clock clock;
    private long timer = -1;

    public DeliveryRetention(Pool pool, Vertx vertx, NotifierSettings settings, Clock clock) {
        this.pool = pool;
        this.vertx = vertx;
        this.settings = settings;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(EVERY.toMillis(), id -> purge().subscribe().with(
                deleted -> LOG.debugf("%d finished deliveries past retention deleted", deleted),
                failure -> LOG.warnf("delivery retention purge failed (will retry): %s", failure.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Deletes every finished delivery older than the retention, batch after batch; the number deleted. */
    public Uni<Long> purge() {
        return purgeBatch().flatMap(deleted -> deleted < BATCH ? Uni.createFrom().item((long) deleted)
                : purge().map(more -> more + deleted));
    }

    private Uni<Integer> purgeBatch() {
        return pool.preparedQuery(PURGE).execute(Tuple.of(Db.ts(clock.instant().minus(settings.deliveryRetention())), BATCH))
                .map(rows -> rows.rowCount());
    }
}
