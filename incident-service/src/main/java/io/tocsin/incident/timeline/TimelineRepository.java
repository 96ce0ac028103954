package io.tocsin.incident.timeline;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.db.RowIds;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Appends to and pages through timelines. Entries are never updated (the table refuses it). */
@ApplicationScoped
public class TimelineRepository {

    private static final String INSERT = "INSERT INTO incident.timeline_entries"
            + " (id, org_id, incident_id, kind, type, message, author_id, data, occurred_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING position";

    private static final String PAGE = "SELECT position, id, incident_id, kind, type, message, author_id, data, occurred_at"
            + " FROM incident.timeline_entries WHERE org_id = $1 AND incident_id = $2 AND position > $3"
            + " ORDER BY position LIMIT $4";

    /** Writes the notes in order and returns the stored entries. */
    public Uni<List<TimelineEntry>> append(SqlConnection tx, String org, UUID incidentId, Instant at, List<TimelineNote> notes) {
        Uni<List<TimelineEntry>> chain = Uni.createFrom().item(new ArrayList<>());
        for (TimelineNote note : notes) {
            chain = chain.flatMap(written -> insert(tx, org, incidentId, at, note).map(entry -> {
                written.add(entry);
                return written;
            }));
        }
        return chain;
    }

    private Uni<TimelineEntry> insert(SqlConnection tx, String org, UUID incidentId, Instant at, TimelineNote note) {
        UUID id = RowIds.next();
        Map<String, Object> data = note.data() == null ? Map.of() : note.data();
        Tuple t = Tuple.tuple().addValue(id).addValue(org).addValue(incidentId).addValue(note.kind().wire())
                .addValue(note.type() == null ? null : note.type().wire()).addValue(note.message())
                .addValue(note.authorId()).addValue(new JsonObject(data)).addValue(OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        return tx.preparedQuery(INSERT).execute(t).map(rows -> new TimelineEntry(id, incidentId,
                rows.iterator().next().getLong("position"), note.kind(), note.type(), note.message(), note.authorId(),
                data, at));
    }

    /** Entries after {@code afterPosition}, oldest first; one more than {@code limit} tells whether a next page exists. */
    public Uni<List<TimelineEntry>> page(SqlClient client, String org, UUID incidentId, long afterPosition, int limit) {
        return client.preparedQuery(PAGE).execute(Tuple.of(org, incidentId, afterPosition, limit + 1)).map(rows -> {
            List<TimelineEntry> entries = new ArrayList<>();
            rows.forEach(row -> entries.add(map(row)));
            return entries;
        });
    }

    /** How many entries the incident's timeline has. */
    public Uni<Long> count(SqlClient client, String org, UUID incidentId) {
        return client.preparedQuery("SELECT count(*) FROM incident.timeline_entries WHERE org_id = $1 AND incident_id = $2")
                .execute(Tuple.of(org, incidentId)).map(rows -> rows.iterator().next().getLong(0));
    }

    private static TimelineEntry map(Row r) {
        String type = r.getString("type");
        JsonObject data = r.getJsonObject("data");
        return new TimelineEntry(r.getUUID("id"), r.getUUID("incident_id"), r.getLong("position"),
                EntryKind.fromWire(r.getString("kind")), type == null ? null : EntryType.fromWire(type),
                r.getString("message"), r.getString("author_id"), io.tocsin.platform.http.JsonValues.plainMap(data),
                r.getOffsetDateTime("occurred_at").toInstant());
    }
}
