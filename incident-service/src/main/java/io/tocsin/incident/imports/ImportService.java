package io.tocsin.incident.imports;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tocsin.contracts.commands.ImportIncident;
import io.tocsin.incident.lifecycle.Incident;
import io.tocsin.incident.lifecycle.IncidentRepository;
import io.tocsin.incident.lifecycle.IncidentRules;
import io.tocsin.incident.lifecycle.IncidentService;
import io.tocsin.incident.lifecycle.IncidentStatus;
import io.tocsin.incident.lifecycle.Severity;
import io.tocsin.incident.lifecycle.SourceKind;
import io.tocsin.platform.db.AfterCommit;
import io.tocsin.platform.db.RowIds;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Keeps one incident per imported external id: the first import creates it (with
 * {@code incident.created}), later ones update it in place. Imports of one external id are
 * serialised with a transaction-scoped advisory lock, so two senders cannot both create it.
 */
@ApplicationScoped
public class ImportService {

    private final IncidentService incidentService;
    private final IncidentRepository incidents;
    private final MeterRegistry metrics;
    private final Clock clock;

    public ImportService(IncidentService incidentService, IncidentRepository incidents, MeterRegistry metrics, Clock clock) {
        this.incidentService = incidentService;
        this.incidents = incidents;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Uni<Incident> importIncident(SqlConnection tx, ImportIncident command, Severity severity, IncidentStatus status) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1), hashtext('import:' || $2))")
                .execute(Tuple.of(command.org(), command.externalId()))
                .flatMap(locked -> incidents.findBySource(tx, command.org(), SourceKind.INCIDENT_IO, command.externalId()))
                .flatMap(found -> found.isPresent()
                        ? update(tx, found.get().id(), command, severity, status, now)
                        : create(tx, command, severity, status, now));
    }

    private Uni<Incident> create(SqlConnection tx, ImportIncident command, Severity severity, IncidentStatus status,
            Instant now) {
        return incidentService.nextReference(command.org())
                .map(reference -> IncidentRules.imported(command, severity, status, RowIds.next(), reference, now))
                .flatMap(change -> incidentService.insert(tx, change))
                .invoke(incident -> AfterCommit.run(tx,
                        () -> metrics.counter("tocsin.incidents.imported", "origin", command.origin()).increment()));
    }

    private Uni<Incident> update(SqlConnection tx, UUID id, ImportIncident command, Severity severity, IncidentStatus status,
            Instant now) {
        return incidents.lock(tx, command.org(), id)
                .map(found -> found.orElseThrow(() -> new IllegalStateException("imported incident " + id + " vanished")))
                .flatMap(current -> incidentService.apply(tx, current,
                        IncidentRules.reimported(current, command, severity, status, now), now));
    }
}
