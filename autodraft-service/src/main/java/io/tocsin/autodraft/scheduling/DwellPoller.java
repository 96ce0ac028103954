package io.tocsin.autodraft.scheduling;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.AutodraftSettings;
import io.tocsin.autodraft.Db;
import io.tocsin.autodraft.catalogue.MetricRepository;
import io.tocsin.platform.work.Rounds;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Fires due dwell checks. Every replica polls (a Vert.x timer, so the reactive SQL client runs on
 * a Vert.x context); a round claims due checks with {@code FOR UPDATE SKIP LOCKED} and handles
 * each in the claiming transaction, deleting it, so a check fires exactly once however many
 * replicas poll. "Due" is read from the injected clock, and the first round runs at start: a check
 * that came due while the service was down fires then. Each check is claimed and fired in its own
 * transaction: one that fails is rolled back alone and postponed by {@link #RETRY_DELAY}, so it never
 * holds back the checks behind it.
 */
@ApplicationScoped
public class DwellPoller {

    private static final Logger LOG = Logger.getLogger(DwellPoller.class);
    static final Duration RETRY_DELAY = Duration.ofMinutes(1);
    private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(2);

    private final Pool pool;
    private final Vertx vertx;
    private final DwellCheckRepository checks;
    private final MetricRepository metrics;
    private final DraftPlanner planner;
    private final AutodraftSettings settings;
    private final Clock clock;
    private final Rounds rounds;
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
        this.rounds = new Rounds("dwell poll", () -> pollOnce().map(count -> count >= settings.dwellBatchSize()), ROUND_TIMEOUT);
    }

    void start(@Observes StartupEvent event) {
        if (!settings.schedulersEnabled()) {
            return;
        }
        timer = vertx.setPeriodic(settings.dwellPollInterval().toMillis(), id -> rounds.trigger());
        rounds.trigger();
    }

    void stop(@Observes ShutdownEvent event) {
        rounds.stop();
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * One round: the oldest due checks, each claimed and fired in its own transaction; the number
     * handled (fired, or failed and postponed). Checks another replica holds are left to it.
     */
    public Uni<Integer> pollOnce() {
        Instant now = Db.micros(clock.instant());
        return checks.dueIds(pool, now, settings.dwellBatchSize()).flatMap(ids -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (UUID id : ids) {
                chain = chain.flatMap(handled -> fireOne(id, now).map(done -> handled + done));
            }
            return chain;
        });
    }

    /** Claims and fires one check; if that fails, it is postponed (in a transaction of its own) and 1 is still answered. */
    private Uni<Integer> fireOne(UUID id, Instant now) {
        return pool.withTransaction(tx -> checks.claim(tx, id, now).flatMap(claimed -> claimed.isEmpty()
                        ? Uni.createFrom().item(0)
                        : fire(tx, claimed.get(0), now).replaceWith(1)))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("dwell check %s failed, postponed by %s: %s", id, RETRY_DELAY, failure.getMessage());
                    return pool.withTransaction(tx -> checks.postpone(tx, id, now.plus(RETRY_DELAY))).replaceWith(1);
                });
    }

    private Uni<Void> fire(SqlConnection tx, DwellCheck check, Instant now) {
        return metrics.find(tx, check.org(), check.metric())
                .flatMap(metric -> metric.isEmpty() ? Uni.createFrom().voidItem()
                        : planner.onDwellDue(tx, metric.get(), check, now))
                .flatMap(v -> checks.delete(tx, check.id()));
    }
}
