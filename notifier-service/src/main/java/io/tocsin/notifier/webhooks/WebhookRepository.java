package io.tocsin.notifier.webhooks;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.Db;
import io.tocsin.notifier.secrets.Secrets;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Webhook subscriptions; the signing secret is sealed before it is stored. */
@ApplicationScoped
public class WebhookRepository {

    private static final String COLUMNS = "id, org_id, url, events, enabled, secret, created_at, updated_at";

    private final Secrets secrets;

    public WebhookRepository(Secrets secrets) {
        this.secrets = secrets;
    }

    public Uni<Void> insert(SqlClient client, Webhook w, String createdBy) {
        return client.preparedQuery("INSERT INTO notifier.webhooks (id, org_id, url, events, enabled, secret, created_by,"
                        + " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .execute(Tuple.tuple().addValue(w.id()).addValue(w.org()).addValue(w.url())
                        .addValue(w.events().toArray(new String[0])).addValue(w.enabled())
                        .addValue(Buffer.buffer(secrets.seal(w.org(), w.secret()))).addValue(createdBy)
                        .addValue(Db.ts(w.createdAt())).addValue(Db.ts(w.updatedAt())))
                .replaceWithVoid();
    }

    public Uni<Void> update(SqlClient client, Webhook w) {
        return client.preparedQuery("UPDATE notifier.webhooks SET url = $3, events = $4, enabled = $5, updated_at = $6"
                        + " WHERE org_id = $1 AND id = $2")
                .execute(Tuple.tuple().addValue(w.org()).addValue(w.id()).addValue(w.url())
                        .addValue(w.events().toArray(new String[0])).addValue(w.enabled()).addValue(Db.ts(w.updatedAt())))
                .replaceWithVoid();
    }

    public Uni<Boolean> delete(SqlClient client, String org, UUID id) {
        return client.preparedQuery("DELETE FROM notifier.webhooks WHERE org_id = $1 AND id = $2").execute(Tuple.of(org, id))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<Webhook>> find(SqlClient client, String org, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM notifier.webhooks WHERE org_id = $1 AND id = $2")
                .execute(Tuple.of(org, id)).map(rows -> read(rows).stream().findFirst());
    }

    public Uni<List<Webhook>> list(SqlClient client, String org) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM notifier.webhooks WHERE org_id = $1 ORDER BY created_at, id")
                .execute(Tuple.of(org)).map(this::read);
    }

    /** Enabled subscriptions of {@code org}, oldest first (each says which types it wants: {@link Webhook#wants}). */
    public Uni<List<Webhook>> enabled(SqlClient client, String org) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM notifier.webhooks WHERE org_id = $1 AND enabled"
                        + " ORDER BY created_at, id")
                .execute(Tuple.of(org)).map(this::read);
    }

    private List<Webhook> read(RowSet<Row> rows) {
        List<Webhook> found = new ArrayList<>();
        rows.forEach(row -> {
            String org = row.getString("org_id");
            found.add(new Webhook(row.getUUID("id"), org, row.getString("url"), Arrays.asList(row.getArrayOfStrings("events")),
                    row.getBoolean("enabled"), secrets.open(org, row.getBuffer("secret").getBytes()), Db.instant(row, "created_at"),
                    Db.instant(row, "updated_at")));
        });
        return found;
    }
}
