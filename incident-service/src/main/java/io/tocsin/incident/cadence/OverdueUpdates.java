package io.tocsin.incident.cadence;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.tocsin.contracts.events.IncidentEventType;
import io.tocsin.incident.events.IncidentEvents;
import io.tocsin.incident.events.IncidentEvents.EventNote;
import io.tocsin.incident.lifecycle.Incident;
import io.tocsin.incident.lifecycle.IncidentRepository;
import io.tocsin.platform.outbox.OutboxEvent;
import io.tocsin.platform.outbox.OutboxWriter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Emits {@code incident.update_overdue} for SEV1/SEV2 incidents (declared, investigating,
 * mitigated; not imported ones, which are run elsewhere) whose last timeline entry is older than
 * the cadence, once per gap.
 *
 * <p>The state lives in the database, so any number of replicas may poll: a round claims due
 * incidents with {@code FOR UPDATE SKIP LOCKED} and, in the same transaction, records the
 * {@code last_update_at} it reported ({@code overdue_notified_for}) and writes the events to
 * the outbox. An incident is due again only once a new timeline entry has moved
 * {@code last_update_at} and another full cadence has passed.
 */
@ApplicationScoped
public class OverdueUpdates {

    private static final Logger LOG = Logger.getLogger(OverdueUpdates.class);

    /** Same predicate as the partial index incidents_update_cadence, so that the index is used. */
    private static final String DUE = "severity IN ('SEV1', 'SEV2') AND status IN ('declared', 'investigating', 'mitigated')"
            + " AND source_kind <> 'incident_io' AND overdue_notified_for IS DISTINCT FROM last_update_at";

    private final Pool pool;
    private final IncidentEvents events;
    private final OutboxWriter outbox;
    private final CadenceSettings settings;
    private final Clock clock;

    public OverdueUpdates(Pool pool, IncidentEvents events, OutboxWriter outbox, CadenceSettings settings, Clock clock) {
        this.pool = pool;
        this.events = events;
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(every = "${tocsin.cadence.poll-interval:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        if (!settings.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return emitDue().onFailure().invoke(e -> LOG.warnf("update cadence round failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Emits the events of every incident due now, a batch per transaction; returns how many. */
    public Uni<Integer> emitDue() {
        return round().flatMap(emitted -> emitted < settings.batchSize()
                ? Uni.createFrom().item(emitted)
                : emitDue().map(more -> emitted + more));
    }

    private Uni<Integer> round() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant dueBefore = now.minus(settings.overdueAfter());
        return pool.withTransaction(tx -> claim(tx, dueBefore).flatMap(due -> due.isEmpty()
                ? Uni.createFrom().item(0)
                : markReported(tx, due).flatMap(v -> outbox.append(tx, due.stream().map(i -> event(i, now)).toList()))
                        .replaceWith(due.size())));
    }

    private Uni<List<Incident>> claim(SqlConnection tx, Instant dueBefore) {
        return tx.preparedQuery("SELECT " + IncidentRepository.COLUMNS + " FROM incident.incidents WHERE " + DUE
                        + " AND last_update_at <= $1 ORDER BY last_update_at LIMIT $2 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(OffsetDateTime.ofInstant(dueBefore, ZoneOffset.UTC), settings.batchSize()))
                .map(rows -> {
                    List<Incident> due = new ArrayList<>();
                    rows.forEach(row -> due.add(IncidentRepository.map(row)));
                    return due;
                });
    }

    private Uni<Void> markReported(SqlConnection tx, List<Incident> due) {
        return tx.preparedQuery("UPDATE incident.incidents SET overdue_notified_for = last_update_at WHERE id = ANY($1)")
                .execute(Tuple.of(due.stream().map(Incident::id).toArray(UUID[]::new))).replaceWithVoid();
    }

    private OutboxEvent event(Incident incident, Instant now) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("lastUpdateAt", incident.lastUpdateAt().toString());
        change.put("overdueSince", incident.lastUpdateAt().plus(settings.overdueAfter()).toString());
        change.put("cadenceMinutes", settings.overdueAfter().toMinutes());
        return events.of(incident, new EventNote(IncidentEventType.UPDATE_OVERDUE, change), now);
    }
}
