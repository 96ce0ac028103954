package io.tocsin.incident.lifecycle;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.http.JsonValues;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for incidents; every statement is scoped by organisation. */
@ApplicationScoped
public class IncidentRepository {

    /** A declared-time window up to this long is read through its own index, then sorted (see {@link #list}). */
    static final java.time.Duration NARROW_WINDOW = java.time.Duration.ofDays(92);

    /** Every column of an incident, in the order {@link #map(Row)} reads them. */
    public static final String COLUMNS = "id, org_id, reference, title, description, severity, status, environment, services,"
            + " owners, commander_id, declared_by, source_kind, source_external_id, custom_fields, auto_drafted,"
            + " impact_started_at, detected_at, declared_at, acknowledged_at, mitigated_at, resolved_at,"
            + " mitigation_summary, resolution_summary, last_update_at, created_at, updated_at, version";

    private static final String INSERT = "INSERT INTO incident.incidents (" + COLUMNS + ") VALUES ("
            + "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,"
            + " $23, $24, $25, $26, $27, $28)";

    private static final String UPDATE = "UPDATE incident.incidents SET title = $3, description = $4, severity = $5,"
            + " status = $6, environment = $7, services = $8, owners = $9, commander_id = $10, declared_by = $11,"
            + " custom_fields = $12, impact_started_at = $13, detected_at = $14, declared_at = $15,"
            + " acknowledged_at = $16, mitigated_at = $17, resolved_at = $18, mitigation_summary = $19,"
            + " resolution_summary = $20, last_update_at = $21, updated_at = $22, version = $23"
            + " WHERE org_id = $1 AND id = $2 AND version = $24";

    public Uni<Void> insert(SqlConnection tx, Incident i) {
        Tuple t = Tuple.tuple()
                .addValue(i.id()).addValue(i.org()).addValue(i.reference()).addValue(i.title())
                .addValue(i.description()).addValue(i.severity().name()).addValue(i.status().wire())
                .addValue(i.environment()).addValue(i.services().toArray(new String[0]))
                .addValue(i.owners().toArray(new UUID[0])).addValue(i.commanderId()).addValue(i.declaredBy())
                .addValue(i.sourceKind().wire()).addValue(i.sourceExternalId()).addValue(new JsonObject(i.customFields()))
                .addValue(i.autoDrafted()).addValue(ts(i.impactStartedAt())).addValue(ts(i.detectedAt()))
                .addValue(ts(i.declaredAt())).addValue(ts(i.acknowledgedAt())).addValue(ts(i.mitigatedAt()))
                .addValue(ts(i.resolvedAt())).addValue(i.mitigationSummary()).addValue(i.resolutionSummary())
                .addValue(ts(i.lastUpdateAt())).addValue(ts(i.createdAt())).addValue(ts(i.updatedAt()))
                .addValue(i.version());
        return tx.preparedQuery(INSERT).execute(t).replaceWithVoid();
    }

    /** Writes the new state if the stored version is still {@code expectedVersion}; false when it was not. */
    public Uni<Boolean> update(SqlConnection tx, Incident i, long expectedVersion) {
        Tuple t = Tuple.tuple()
                .addValue(i.org()).addValue(i.id()).addValue(i.title()).addValue(i.description())
                .addValue(i.severity().name()).addValue(i.status().wire()).addValue(i.environment())
                .addValue(i.services().toArray(new String[0])).addValue(i.owners().toArray(new UUID[0]))
                .addValue(i.commanderId()).addValue(i.declaredBy()).addValue(new JsonObject(i.customFields()))
                .addValue(ts(i.impactStartedAt())).addValue(ts(i.detectedAt())).addValue(ts(i.declaredAt()))
                .addValue(ts(i.acknowledgedAt())).addValue(ts(i.mitigatedAt())).addValue(ts(i.resolvedAt()))
                .addValue(i.mitigationSummary()).addValue(i.resolutionSummary()).addValue(ts(i.lastUpdateAt()))
                .addValue(ts(i.updatedAt())).addValue(i.version()).addValue(expectedVersion);
        return tx.preparedQuery(UPDATE).execute(t).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<Incident>> findById(SqlClient client, String org, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM incident.incidents WHERE org_id = $1 AND id = $2")
                .execute(Tuple.of(org, id)).map(IncidentRepository::first);
    }

    /** Loads and locks the incident for the rest of the transaction, so changes to it are serialised. */
    public Uni<Optional<Incident>> lock(SqlConnection tx, String org, UUID id) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM incident.incidents WHERE org_id = $1 AND id = $2 FOR UPDATE")
                .execute(Tuple.of(org, id)).map(IncidentRepository::first);
    }

    public Uni<Optional<Incident>> findByReference(SqlClient client, String org, String reference) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM incident.incidents WHERE org_id = $1 AND reference = $2")
                .execute(Tuple.of(org, reference)).map(IncidentRepository::first);
    }

    public Uni<Optional<Incident>> findBySource(SqlClient client, String org, SourceKind kind, String externalId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM incident.incidents"
                        + " WHERE org_id = $1 AND source_kind = $2 AND source_external_id = $3")
                .execute(Tuple.of(org, kind.wire(), externalId)).map(IncidentRepository::first);
    }

    /** An incident by id in any organisation: only for callers authenticated by a signed link naming it. */
    public Uni<Optional<Incident>> findAnyById(SqlClient client, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM incident.incidents WHERE id = $1")
                .execute(Tuple.of(id)).map(IncidentRepository::first);
    }

    /**
     * The oldest open incident of the organisation on any of {@code services} or, without services,
     * auto-drafted for {@code metric}; locked for the rest of the transaction.
     */
    public Uni<Optional<Incident>> lockOpenFor(SqlConnection tx, String org, List<String> services, String metric) {
        String open = " AND status IN ('draft', 'declared', 'investigating', 'mitigated')";
        if (services.isEmpty()) {
            return tx.preparedQuery("SELECT " + COLUMNS + " FROM incident.incidents WHERE org_id = $1 AND source_kind = 'autodraft'"
                            + " AND source_external_id = $2" + open + " ORDER BY created_at LIMIT 1 FOR UPDATE")
                    .execute(Tuple.of(org, metric)).map(IncidentRepository::first);
        }
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM incident.incidents WHERE org_id = $1 AND services && $2::text[]"
                        + open + " ORDER BY created_at LIMIT 1 FOR UPDATE")
                .execute(Tuple.of(org, services.toArray(new String[0]))).map(IncidentRepository::first);
    }

    /** Bumps the time of the last update (a timeline entry) and locks the incident. */
    public Uni<Optional<Incident>> touch(SqlConnection tx, String org, UUID id, Instant at) {
        return tx.preparedQuery("UPDATE incident.incidents SET last_update_at = $3 WHERE org_id = $1 AND id = $2"
                        + " RETURNING " + COLUMNS)
                .execute(Tuple.of(org, id, ts(at))).map(IncidentRepository::first);
    }

    /** One page of the list, newest first; see {@link IncidentQuery} for the filters. */
    public Uni<List<Incident>> list(SqlClient client, String org, IncidentQuery query) {
        List<Object> params = new ArrayList<>();
        params.add(org);
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM incident.incidents WHERE org_id = $1");
        if (!query.statuses().isEmpty()) {
            params.add(query.statuses().stream().map(IncidentStatus::wire).toArray(String[]::new));
            sql.append(" AND status = ANY($").append(params.size()).append(')');
        } else if (!query.includeDismissed()) {
            sql.append(" AND status <> 'dismissed'");
        }
        if (!query.severities().isEmpty()) {
            params.add(query.severities().stream().map(Severity::name).toArray(String[]::new));
            sql.append(" AND severity = ANY($").append(params.size()).append(')');
        }
        if (query.service() != null) {
            params.add(new String[] {query.service()});
            sql.append(" AND services @> $").append(params.size()).append("::text[]");
        }
        if (query.environment() != null) {
            params.add(query.environment());
            sql.append(" AND environment = $").append(params.size());
        }
        if (query.declaredFrom() != null) {
            params.add(ts(query.declaredFrom()));
            sql.append(" AND declared_at >= $").append(params.size());
        }
        if (query.declaredTo() != null) {
            params.add(ts(query.declaredTo()));
            sql.append(" AND declared_at < $").append(params.size());
        }
        if (query.titleQuery() != null) {
            params.add(query.titleQuery());
            sql.append(" AND to_tsvector('simple', title) @@ to_tsquery('simple', $").append(params.size()).append(')');
        }
        if (query.after() != null) {
            params.add(ts(query.after().createdAt()));
            params.add(query.after().id());
            sql.append(" AND (created_at, id) < ($").append(params.size() - 1).append(", $").append(params.size()).append(')');
        }
        params.add(query.limit() + 1);
        String order = " ORDER BY created_at DESC, id DESC LIMIT $" + params.size();
        if (narrowWindow(query)) {
            // Walking the newest-first index, the planner expects a window's incidents to turn up soon; when the
            // window lies in the past it reads every newer row first (408,220 of them for one week in a million).
            // OFFSET 0 keeps the window's own index scan first; sorting a few weeks of incidents is cheap.
            return client.preparedQuery("SELECT * FROM (" + sql + " OFFSET 0) AS windowed" + order)
                    .execute(Tuple.from(params)).map(IncidentRepository::all);
        }
        return client.preparedQuery(sql + order).execute(Tuple.from(params)).map(IncidentRepository::all);
    }

    /** Declared in a window of at most {@link #NARROW_WINDOW}: few enough rows to read them all by declared time. */
    static boolean narrowWindow(IncidentQuery query) {
        return query.declaredFrom() != null && query.declaredTo() != null
                && java.time.Duration.between(query.declaredFrom(), query.declaredTo()).compareTo(NARROW_WINDOW) <= 0;
    }

    static Optional<Incident> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
    }

    static List<Incident> all(RowSet<Row> rows) {
        List<Incident> incidents = new ArrayList<>(rows.size());
        rows.forEach(row -> incidents.add(map(row)));
        return incidents;
    }

    /** An incident from a row holding {@link #COLUMNS}. */
    public static Incident map(Row r) {
        JsonObject custom = r.getJsonObject("custom_fields");
        return new Incident(
                r.getUUID("id"), r.getString("org_id"), r.getString("reference"), r.getString("title"),
                r.getString("description"), Severity.valueOf(r.getString("severity")),
                IncidentStatus.fromWire(r.getString("status")), r.getString("environment"),
                Arrays.asList(r.getArrayOfStrings("services")), Arrays.asList(r.getArrayOfUUIDs("owners")),
                r.getString("commander_id"), r.getString("declared_by"), SourceKind.fromWire(r.getString("source_kind")),
                r.getString("source_external_id"), JsonValues.plainMap(custom),
                r.getBoolean("auto_drafted"), instant(r, "impact_started_at"), instant(r, "detected_at"),
                instant(r, "declared_at"), instant(r, "acknowledged_at"), instant(r, "mitigated_at"),
                instant(r, "resolved_at"), r.getString("mitigation_summary"), r.getString("resolution_summary"),
                instant(r, "last_update_at"), instant(r, "created_at"), instant(r, "updated_at"), r.getLong("version"));
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
