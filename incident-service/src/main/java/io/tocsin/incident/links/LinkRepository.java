package io.tocsin.incident.links;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for links, scoped by organisation; (incident, type, target) is unique. */
@ApplicationScoped
public class LinkRepository {

    private static final String COLUMNS = "id, incident_id, type, target_id, url, title, created_by, created_at";

    /** Inserts the link unless the same (type, target) is already linked; empty in that case. */
    public Uni<Optional<Link>> insert(SqlClient client, String org, Link link) {
        return client.preparedQuery("INSERT INTO incident.links (org_id, " + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                        + " ON CONFLICT (incident_id, type, target_id) DO NOTHING")
                .execute(Tuple.tuple().addValue(org).addValue(link.id()).addValue(link.incidentId()).addValue(link.type().wire())
                        .addValue(link.targetId()).addValue(link.url()).addValue(link.title()).addValue(link.createdBy())
                        .addValue(OffsetDateTime.ofInstant(link.createdAt(), ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1 ? Optional.of(link) : Optional.empty());
    }

    public Uni<Optional<Link>> find(SqlClient client, String org, UUID incidentId, LinkType type, String targetId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM incident.links WHERE org_id = $1 AND incident_id = $2"
                        + " AND type = $3 AND target_id = $4")
                .execute(Tuple.of(org, incidentId, type.wire(), targetId)).map(LinkRepository::first);
    }

    public Uni<List<Link>> list(SqlClient client, String org, UUID incidentId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM incident.links WHERE org_id = $1 AND incident_id = $2"
                        + " ORDER BY created_at, id")
                .execute(Tuple.of(org, incidentId)).map(rows -> {
                    List<Link> links = new ArrayList<>();
                    rows.forEach(row -> links.add(map(row)));
                    return links;
                });
    }

    public Uni<Optional<Link>> delete(SqlClient client, String org, UUID incidentId, UUID linkId) {
        return client.preparedQuery("DELETE FROM incident.links WHERE org_id = $1 AND incident_id = $2 AND id = $3"
                        + " RETURNING " + COLUMNS)
                .execute(Tuple.of(org, incidentId, linkId)).map(LinkRepository::first);
    }

    private static Optional<Link> first(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
    }

    private static Link map(Row r) {
        return new Link(r.getUUID("id"), r.getUUID("incident_id"), LinkType.fromWire(r.getString("type")),
                r.getString("target_id"), r.getString("url"), r.getString("title"), r.getString("created_by"),
                r.getOffsetDateTime("created_at").toInstant());
    }
}
