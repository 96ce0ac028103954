package io.tocsin.autodraft.drafts;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.AutodraftSettings;
import io.tocsin.autodraft.Db;
import io.tocsin.autodraft.scheduling.DraftCommands;
import io.tocsin.autodraft.scheduling.Schedules;
import io.tocsin.contracts.commands.ExpireDraft;
import io.tocsin.platform.db.AfterCommit;
import io.tocsin.platform.db.RowIds;
import io.tocsin.platform.outbox.OutboxWriter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Asks incident-service to expire drafts nobody published or dismissed within the draft lifetime
 * (24 h): one {@code expire_draft} command per draft, written in the transaction that marks it
 * {@code expiring}, so no draft is expired twice. The {@code incident.auto_expired} audit row is
 * written when incident-service confirms (an {@code incident.auto_dismissed} with reason
 * {@code auto_expired}): a draft published in the meantime is audited as published, not expired.
 * Every replica ticks; the {@code draft-expiry} schedule row lets one of them run per interval.
 */
@ApplicationScoped
public class ExpirySweep {

    static final String JOB = "draft-expiry";
    private static final Logger LOG = Logger.getLogger(ExpirySweep.class);
    private static final int BATCH = 200;

    private final Pool pool;
    private final Vertx vertx;
    private final DraftRepository drafts;
    private final Schedules schedules;
    private final DraftCommands commands;
    private final OutboxWriter outbox;
    private final AutodraftSettings settings;
    private final Clock clock;
    private final MeterRegistry registry;
    private volatile boolean stopped;
    private long timer = -1;

    public ExpirySweep(Pool pool, Vertx vertx, DraftRepository drafts, Schedules schedules, DraftCommands commands,
            OutboxWriter outbox, AutodraftSettings settings, Clock clock,
            MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.drafts = drafts;
        this.schedules = schedules;
        this.commands = commands;
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        if (!settings.schedulersEnabled()) {
            return;
        }
        // Tick often enough that the shared schedule, not this replica's timer phase, sets the cadence.
        Duration tick = settings.expiryInterval().compareTo(Duration.ofMinutes(1)) < 0 ? settings.expiryInterval()
                : Duration.ofMinutes(1);
        timer = vertx.setPeriodic(tick.toMillis(), id -> runIfDue().subscribe().with(ran -> { },
                failure -> LOG.warnf("draft expiry sweep failed (will retry): %s", failure.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Sweeps if this replica takes the current run of the schedule; the number of expiries requested, or -1. */
    public Uni<Integer> runIfDue() {
        if (stopped) {
            return Uni.createFrom().item(-1);
        }
        Instant now = now();
        return pool.withTransaction(tx -> schedules.claim(tx, JOB, now, settings.expiryInterval())
                .flatMap(taken -> taken ? sweep(tx, now) : Uni.createFrom().item(-1)));
    }

    /** Sweeps now, whatever the schedule says (tests, operators): the number of expiries requested. */
    public Uni<Integer> sweep() {
        Instant now = now();
        return pool.withTransaction(tx -> sweep(tx, now));
    }

    private Uni<Integer> sweep(SqlConnection tx, Instant now) {
        return drafts.claimExpired(tx, now.minus(settings.draftLifetime()), BATCH)
                .flatMap(due -> expireAll(tx, due, now)
                        .flatMap(v -> due.size() < BATCH ? Uni.createFrom().item(due.size())
                                : sweep(tx, now).map(more -> due.size() + more)));
    }

    private Uni<Void> expireAll(SqlConnection tx, List<Draft> due, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Draft draft : due) {
            chain = chain.flatMap(v -> expire(tx, draft, now));
        }
        return chain;
    }

    private Uni<Void> expire(SqlConnection tx, Draft draft, Instant now) {
        String commandId = RowIds.next().toString();
        ExpireDraft command = new ExpireDraft(commandId, draft.org(), DraftCommands.ORIGIN, draft.incidentId());
        return outbox.append(tx, List.of(commands.expire(command, draft.metric(), now)))
                .flatMap(v -> drafts.markExpiring(tx, draft.org(), draft.incidentId(), now))
                .invoke(() -> AfterCommit.run(tx, () -> registry.counter("tocsin.autodraft.expiries.requested").increment()));
    }

    private Instant now() {
        return Db.micros(clock.instant());
    }
}
