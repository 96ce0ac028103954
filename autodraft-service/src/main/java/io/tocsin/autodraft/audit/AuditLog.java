package io.tocsin.autodraft.audit;

import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.Db;
import io.tocsin.platform.db.RowIds;
import io.tocsin.platform.http.JsonValues;
import io.tocsin.platform.http.Page;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Appends to and pages through the audit log of each metric. Rows are never changed (the table refuses it). */
@ApplicationScoped
public class AuditLog {

    private static final String INSERT = "INSERT INTO autodraft.audit (id, org_id, metric, kind, incident_id, details, occurred_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7)";

    private static final String PAGE = "SELECT position, id, metric, kind, incident_id, details, occurred_at FROM autodraft.audit"
            + " WHERE org_id = $1 AND metric = $2 AND position < $3 ORDER BY position DESC LIMIT $4";

    /** Writes one row in the caller's transaction; null values in {@code details} are left out. */
    public Uni<Void> append(SqlClient tx, String org, String metric, AuditKind kind, UUID incidentId,
            Map<String, Object> details, Instant at) {
        Map<String, Object> kept = new LinkedHashMap<>();
        details.forEach((key, value) -> {
            if (value != null) {
                kept.put(key, value instanceof Instant instant ? instant.toString() : value);
            }
        });
        return tx.preparedQuery(INSERT).execute(Tuple.tuple().addValue(RowIds.next()).addValue(org).addValue(metric)
                        .addValue(kind.wire()).addValue(incidentId).addValue(new JsonObject(kept)).addValue(Db.ts(at)))
                .replaceWithVoid();
    }

    /** Newest first; {@code cursor} is the previous page's {@code nextCursor}. */
    public Uni<Page<AuditEntry>> page(SqlClient client, String org, String metric, String cursor, int limit) {
        long before = cursor == null || cursor.isBlank() ? Long.MAX_VALUE : AuditCursor.decode(cursor);
        return client.preparedQuery(PAGE).execute(Tuple.of(org, metric, before, limit + 1)).map(rows -> {
            List<AuditEntry> entries = new ArrayList<>();
            long last = 0;
            int n = 0;
            for (Row row : rows) {
                if (n++ == limit) {
                    return new Page<>(entries, AuditCursor.encode(last));
                }
                last = row.getLong("position");
                entries.add(map(row));
            }
            return new Page<>(entries, null);
        });
    }

    private static AuditEntry map(Row r) {
        return new AuditEntry(r.getUUID("id"), Db.instant(r, "occurred_at"), AuditKind.fromWire(r.getString("kind")),
                r.getString("metric"), r.getUUID("incident_id"), JsonValues.plainMap(r.getJsonObject("details")));
    }
}
