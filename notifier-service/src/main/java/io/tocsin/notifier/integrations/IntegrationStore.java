package io.tocsin.notifier.integrations;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.Db;
import io.tocsin.notifier.secrets.Secrets;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Integration settings per organisation; the secret half is sealed with {@link Secrets} before it is stored. */
@ApplicationScoped
public class IntegrationStore {

    private final Secrets secrets;

    public IntegrationStore(Secrets secrets) {
        this.secrets = secrets;
    }

    public Uni<Optional<StoredIntegration>> find(SqlClient client, String org, IntegrationKind kind) {
        return client.preparedQuery("SELECT org_id, settings, secrets, updated_by, updated_at FROM notifier.integrations"
                        + " WHERE org_id = $1 AND kind = $2")
                .execute(Tuple.of(org, kind.wire()))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(read(rows.iterator().next(), kind)));
    }

    /** Every organisation's settings of one kind (for inbound webhooks, which say nothing of their organisation). */
    public Uni<List<StoredIntegration>> all(SqlClient client, IntegrationKind kind) {
        return client.preparedQuery("SELECT org_id, settings, secrets, updated_by, updated_at FROM notifier.integrations"
                        + " WHERE kind = $1 ORDER BY org_id")
                .execute(Tuple.of(kind.wire()))
                .map(rows -> {
                    List<StoredIntegration> found = new ArrayList<>();
                    rows.forEach(row -> found.add(read(row, kind)));
                    return found;
                });
    }

    public Uni<Void> save(SqlClient client, StoredIntegration integration) {
        byte[] sealed = secrets.seal(integration.org(), integration.secrets().encode());
        return client.preparedQuery("INSERT INTO notifier.integrations (org_id, kind, settings, secrets, updated_by, updated_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org_id, kind) DO UPDATE SET settings = EXCLUDED.settings,"
                        + " secrets = EXCLUDED.secrets, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at")
                .execute(Tuple.tuple().addValue(integration.org()).addValue(integration.kind().wire())
                        .addValue(integration.settings()).addValue(io.vertx.core.buffer.Buffer.buffer(sealed)).addValue(integration.updatedBy())
                        .addValue(Db.ts(integration.updatedAt())))
                .replaceWithVoid();
    }

    private StoredIntegration read(Row row, IntegrationKind kind) {
        String org = row.getString("org_id");
        Buffer sealed = row.getBuffer("secrets");
        JsonObject open = sealed == null ? new JsonObject() : new JsonObject(secrets.open(org, sealed.getBytes()));
        JsonObject settings = row.getJsonObject("settings");
        Instant updatedAt = Db.instant(row, "updated_at");
        return new StoredIntegration(org, kind, settings == null ? new JsonObject() : settings, open,
                row.getString("updated_by"), updatedAt);
    }
}
