package io.tocsin.incident.postmortems;

import io.smallrye.mutiny.Uni;
import io.tocsin.incident.attribution.TeamAttribution;
import io.tocsin.incident.lifecycle.Severity;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
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

/** SQL for postmortems, their settings and action items; every statement is scoped by organisation. */
@ApplicationScoped
public class PostmortemRepository {

    private static final String COLUMNS = "p.id, p.incident_id, i.reference, p.status, p.body, p.version, p.created_at,"
            + " p.updated_at, p.published_at";
    private static final String FROM = " FROM incident.postmortems p JOIN incident.incidents i ON i.id = p.incident_id";

    private static final String ITEM_COLUMNS = "a.id, a.postmortem_id, p.incident_id, i.reference, a.title, a.owner_id,"
            + " a.due_date, a.team_ids, a.status, a.created_by, a.created_at, a.updated_at, a.completed_at";
    private static final String ITEM_FROM = " FROM incident.action_items a JOIN incident.postmortems p ON p.id = a.postmortem_id"
            + " JOIN incident.incidents i ON i.id = p.incident_id";

    // --- settings

    public Uni<PostmortemSettings> settings(SqlClient client, String org) {
        return client.preparedQuery("SELECT severities FROM incident.postmortem_settings WHERE org_id = $1")
                .execute(Tuple.of(org)).map(rows -> rows.iterator().hasNext()
                        ? new PostmortemSettings(Arrays.stream(rows.iterator().next().getArrayOfStrings("severities"))
                                .map(Severity::valueOf).toList())
                        : PostmortemSettings.DEFAULT);
    }

    public Uni<Void> saveSettings(SqlClient client, String org, PostmortemSettings settings, Instant now) {
        return client.preparedQuery("INSERT INTO incident.postmortem_settings (org_id, severities, updated_at) VALUES ($1, $2, $3)"
                        + " ON CONFLICT (org_id) DO UPDATE SET severities = EXCLUDED.severities, updated_at = EXCLUDED.updated_at")
                .execute(Tuple.of(org, settings.severities().stream().map(Severity::name).toArray(String[]::new), ts(now)))
                .replaceWithVoid();
    }

    // --- postmortems

    public Uni<Boolean> existsFor(SqlClient client, String org, UUID incidentId) {
        return client.preparedQuery("SELECT EXISTS (SELECT 1 FROM incident.postmortems WHERE org_id = $1 AND incident_id = $2)")
                .execute(Tuple.of(org, incidentId)).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Inserts the postmortem unless the incident already has one; true when inserted. */
    public Uni<Boolean> insert(SqlClient client, String org, UUID id, UUID incidentId, String body, Instant now) {
        return client.preparedQuery("INSERT INTO incident.postmortems (id, org_id, incident_id, status, body, version,"
                        + " created_at, updated_at) VALUES ($1, $2, $3, 'draft', $4, 1, $5, $5) ON CONFLICT (incident_id) DO NOTHING")
                .execute(Tuple.of(id, org, incidentId, body, ts(now))).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<Postmortem>> findByIncident(SqlClient client, String org, UUID incidentId) {
        return client.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE p.org_id = $1 AND p.incident_id = $2")
                .execute(Tuple.of(org, incidentId)).map(PostmortemRepository::firstPostmortem);
    }

    public Uni<Optional<Postmortem>> lockByIncident(SqlClient client, String org, UUID incidentId) {
        return client.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE p.org_id = $1 AND p.incident_id = $2 FOR UPDATE OF p")
                .execute(Tuple.of(org, incidentId)).map(PostmortemRepository::firstPostmortem);
    }

    public Uni<Optional<Postmortem>> find(SqlClient client, String org, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE p.org_id = $1 AND p.id = $2")
                .execute(Tuple.of(org, id)).map(PostmortemRepository::firstPostmortem);
    }

    public Uni<Void> update(SqlClient client, String org, Postmortem p) {
        return client.preparedQuery("UPDATE incident.postmortems SET status = $3, body = $4, version = $5, updated_at = $6,"
                        + " published_at = $7 WHERE org_id = $1 AND id = $2")
                .execute(Tuple.tuple().addValue(org).addValue(p.id()).addValue(p.status().wire()).addValue(p.body())
                        .addValue(p.version()).addValue(ts(p.updatedAt())).addValue(ts(p.publishedAt())))
                .replaceWithVoid();
    }

    // --- action items

    /** The teams an incident counts for (see {@link TeamAttribution}): the default teams of its action items. */
    public Uni<List<UUID>> incidentTeams(SqlClient client, String org, UUID postmortemId) {
        return client.preparedQuery("SELECT attributed.teams FROM incident.postmortems p JOIN incident.incidents i ON i.id = p.incident_id"
                        + TeamAttribution.lateral("i", "attributed") + " WHERE p.org_id = $1 AND p.id = $2")
                .execute(Tuple.of(org, postmortemId)).map(rows -> {
                    UUID[] teams = rows.iterator().hasNext() ? rows.iterator().next().getArrayOfUUIDs("teams") : null;
                    return teams == null ? List.of() : Arrays.asList(teams);
                });
    }

    public Uni<Void> insertItem(SqlClient client, String org, ActionItem item) {
        return client.preparedQuery("INSERT INTO incident.action_items (id, org_id, postmortem_id, title, owner_id, due_date,"
                        + " team_ids, status, created_by, created_at, updated_at, completed_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, NULL)")
                .execute(Tuple.tuple().addValue(item.id()).addValue(org).addValue(item.postmortemId()).addValue(item.title())
                        .addValue(item.ownerId()).addValue(item.dueDate()).addValue(item.teamIds().toArray(new UUID[0]))
                        .addValue(item.status().wire()).addValue(item.createdBy()).addValue(ts(item.createdAt())))
                .replaceWithVoid();
    }

    public Uni<Optional<ActionItem>> lockItem(SqlClient client, String org, UUID postmortemId, UUID itemId) {
        return client.preparedQuery("SELECT " + ITEM_COLUMNS + ITEM_FROM
                        + " WHERE a.org_id = $1 AND a.postmortem_id = $2 AND a.id = $3 FOR UPDATE OF a")
                .execute(Tuple.of(org, postmortemId, itemId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(item(rows.iterator().next())) : Optional.empty());
    }

    public Uni<Void> updateItem(SqlClient client, String org, ActionItem item) {
        return client.preparedQuery("UPDATE incident.action_items SET title = $3, owner_id = $4, due_date = $5, team_ids = $6,"
                        + " status = $7, updated_at = $8, completed_at = $9 WHERE org_id = $1 AND id = $2")
                .execute(Tuple.tuple().addValue(org).addValue(item.id()).addValue(item.title()).addValue(item.ownerId())
                        .addValue(item.dueDate()).addValue(item.teamIds().toArray(new UUID[0])).addValue(item.status().wire())
                        .addValue(ts(item.updatedAt())).addValue(ts(item.completedAt())))
                .replaceWithVoid();
    }

    public Uni<Optional<ActionItem>> findItem(SqlClient client, String org, UUID itemId) {
        return client.preparedQuery("SELECT " + ITEM_COLUMNS + ITEM_FROM + " WHERE a.org_id = $1 AND a.id = $2")
                .execute(Tuple.of(org, itemId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(item(rows.iterator().next())) : Optional.empty());
    }

    public Uni<List<ActionItem>> items(SqlClient client, String org, UUID postmortemId) {
        return client.preparedQuery("SELECT " + ITEM_COLUMNS + ITEM_FROM + " WHERE a.org_id = $1 AND a.postmortem_id = $2"
                        + " ORDER BY a.created_at, a.id")
                .execute(Tuple.of(org, postmortemId)).map(PostmortemRepository::items);
    }

    /** Items of the team and every team below it, soonest due first; {@code status} null means any. */
    public Uni<List<ActionItem>> teamItems(SqlClient client, String org, UUID teamId, ActionItemStatus status, int limit) {
        return client.preparedQuery("WITH RECURSIVE " + TeamAttribution.subtree("scope", "$1", "$2")
                        + " SELECT " + ITEM_COLUMNS + ITEM_FROM + " WHERE a.org_id = $1 AND a.team_ids && ARRAY(SELECT id FROM scope)"
                        + " AND ($3::text IS NULL OR a.status = $3) ORDER BY a.due_date, a.created_at, a.id LIMIT $4")
                .execute(Tuple.of(org, teamId, status == null ? null : status.wire(), limit))
                .map(PostmortemRepository::items);
    }

    private static Optional<Postmortem> firstPostmortem(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext()) {
            return Optional.empty();
        }
        Row r = it.next();
        return Optional.of(new Postmortem(r.getUUID("id"), r.getUUID("incident_id"), r.getString("reference"),
                PostmortemStatus.fromWire(r.getString("status")), r.getString("body"), r.getLong("version"),
                instant(r, "created_at"), instant(r, "updated_at"), instant(r, "published_at")));
    }

    private static List<ActionItem> items(RowSet<Row> rows) {
        List<ActionItem> items = new ArrayList<>();
        rows.forEach(row -> items.add(item(row)));
        return items;
    }

    private static ActionItem item(Row r) {
        return new ActionItem(r.getUUID("id"), r.getUUID("postmortem_id"), r.getUUID("incident_id"), r.getString("reference"),
                r.getString("title"), r.getString("owner_id"), r.getLocalDate("due_date"),
                Arrays.asList(r.getArrayOfUUIDs("team_ids")), ActionItemStatus.fromWire(r.getString("status")),
                r.getString("created_by"), instant(r, "created_at"), instant(r, "updated_at"), instant(r, "completed_at"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
