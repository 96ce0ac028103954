package io.tocsin.notifier.email;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.Db;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Email recipients and their notification preferences. */
@ApplicationScoped
public class RecipientRepository {

    private static final String COLUMNS = "id, org_id, email, name, user_id, roles, created_at";

    /** Inserts a recipient; false when the address (or user) is already registered in the organisation. */
    public Uni<Boolean> insert(SqlClient client, Recipient r) {
        return client.preparedQuery("INSERT INTO notifier.recipients (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7)"
                        + " ON CONFLICT DO NOTHING")
                .execute(Tuple.tuple().addValue(r.id()).addValue(r.org()).addValue(r.email()).addValue(r.name())
                        .addValue(r.userId()).addValue(r.roles().toArray(new String[0])).addValue(Db.ts(r.createdAt())))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<List<Recipient>> list(SqlClient client, String org) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM notifier.recipients WHERE org_id = $1 ORDER BY email")
                .execute(Tuple.of(org)).map(RecipientRepository::read);
    }

    public Uni<Boolean> delete(SqlClient client, String org, UUID id) {
        return client.preparedQuery("DELETE FROM notifier.recipients WHERE org_id = $1 AND id = $2").execute(Tuple.of(org, id))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Owners who have not turned draft emails off (no stored preference means on). */
    public Uni<List<Recipient>> draftRecipients(SqlClient client, String org) {
        return client.preparedQuery("SELECT r.id, r.org_id, r.email, r.name, r.user_id, r.roles, r.created_at"
                        + " FROM notifier.recipients r LEFT JOIN notifier.notification_preferences p"
                        + " ON p.org_id = r.org_id AND p.user_id = r.user_id"
                        + " WHERE r.org_id = $1 AND 'owner' = ANY(r.roles) AND coalesce(p.auto_incident_drafts, true)"
                        + " ORDER BY r.email")
                .execute(Tuple.of(org)).map(RecipientRepository::read);
    }

    /** The stored preference of a user, or null when none was stored. */
    public Uni<Boolean> autoIncidentDrafts(SqlClient client, String org, String userId) {
        return client.preparedQuery("SELECT auto_incident_drafts FROM notifier.notification_preferences"
                        + " WHERE org_id = $1 AND user_id = $2")
                .execute(Tuple.of(org, userId))
                .map(rows -> rows.rowCount() == 0 ? null : rows.iterator().next().getBoolean("auto_incident_drafts"));
    }

    public Uni<Void> saveAutoIncidentDrafts(SqlClient client, String org, String userId, boolean on, Instant now) {
        return client.preparedQuery("INSERT INTO notifier.notification_preferences (org_id, user_id, auto_incident_drafts,"
                        + " updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, user_id) DO UPDATE"
                        + " SET auto_incident_drafts = EXCLUDED.auto_incident_drafts, updated_at = EXCLUDED.updated_at")
                .execute(Tuple.of(org, userId, on, Db.ts(now))).replaceWithVoid();
    }

    private static List<Recipient> read(RowSet<Row> rows) {
        List<Recipient> found = new ArrayList<>();
        rows.forEach(row -> found.add(new Recipient(row.getUUID("id"), row.getString("org_id"), row.getString("email"),
                row.getString("name"), row.getString("user_id"), Arrays.asList(row.getArrayOfStrings("roles")),
                Db.instant(row, "created_at"))));
        return found;
    }
}
