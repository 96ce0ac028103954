package io.tocsin.autodraft.scheduling;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.AutodraftSettings;
import io.tocsin.autodraft.Db;
import io.tocsin.autodraft.catalogue.MetricRepository;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Fires due dwell checks. Every replica polls (a Vert.x timer, so the reactive SQL client runs on
 * a Vert.x context); a round claims due checks with {@code FOR UPDATE SKIP LOCKED} and handles
 * each in the claiming transaction, deleting it, so a check fires exactly once however many
 * replicas poll. "Due" is read from the injected clock, and the first round runs at start: a check
 * that came due while the service was down fires then.
 */
@ApplicationScoped
public class DwellPoller {

    private static final Logger LOG = Logger.getLogger(DwellPoller.class);

    private final Pool pool;
    private final Vertx vertx;
    private final DwellCheckRepository checks;
    private final MetricRepository metrics;
    private final DraftPlanner planner;
    private final AutodraftSettings settings;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopped;
    private long timer = -1;

    public DwellPoller(Pool pool, Vertx vertx, DwellCheckRepository checks, MetricRepository metrics, DraftPlanner planner,
            AutodraftSettings settings, Clock clock) {
        this.pool = pool;
        this.vertx = vertx;
        this.checks = checks;
        this.metrics = metrics;
        this.planner = planner;
        this.settings = settings;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        if (!settings.schedulersEnabled()) {
            return;
        }
        timer = vertx.setPeriodic(settings.dwellPollInterval().toMillis(), id -> tick());
        tick();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void tick() {
        if (stopped || !running.compareAndSet(false, true)) {
            return;
        }
        pollOnce().subscribe().with(count -> {
            running.set(false);
            if (count >= settings.dwellBatchSize()) {
                tick();
            }
        }, failure -> {
            running.set(false);
            LOG.warnf("dwell poll round failed (will retry): %s", failure.getMessage());
        });
    }

    /** One round: claims the due checks and handles them; the number handled. */
    public Uni<Integer> pollOnce() {
        Instant now = Db.micros(clock.instant());
        return pool.withTransaction(tx -> checks.claimDue(tx, now, settings.dwellBatchSize())
                .flatMap(due -> fireAll(tx, due, now).replaceWith(due.size())));
    }

    private Uni<Void> fireAll(SqlConnection tx, List<DwellCheck> due, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (DwellCheck check : due) {
            chain = chain.flatMap(v -> fire(tx, check, now));
        }
        return chain;
    }

    private Uni<Void> fire(SqlConnection tx, DwellCheck check, Instant now) {
        return metrics.find(tx, check.org(), check.metric())
                .flatMap(metric -> metric.isEmpty() ? Uni.createFrom().voidItem()
                        : planner.onDwellDue(tx, metric.get(), check, now))
                .flatMap(v -> checks.delete(tx, check.id()));
    }
}
