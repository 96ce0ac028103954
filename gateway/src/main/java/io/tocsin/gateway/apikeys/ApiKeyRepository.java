package io.tocsin.gateway.apikeys;

import io.smallrye.mutiny.Uni;
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

/** SQL for {@code gateway.api_keys}; everything but the lookup by hash is scoped by organisation. */
@ApplicationScoped
public class ApiKeyRepository {

    private static final String COLUMNS =
            "org_id, id, name, prefix, hash, roles, created_by, created_at, expires_at, revoked_at, last_used_at, plan";

    public Uni<ApiKey> insert(SqlClient client, ApiKey key) {
        return client.preparedQuery("INSERT INTO gateway.api_keys (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL, $10)")
                .execute(Tuple.from(Arrays.<Object>asList(key.org(), key.id(), key.name(), key.prefix(), key.hash(),
                        key.roles().toArray(new String[0]), key.createdBy(), ts(key.createdAt()), ts(key.expiresAt()), key.plan())))
                .replaceWith(key);
    }

    /** The key with this hash, in whichever organisation it belongs to. */
    public Uni<Optional<ApiKey>> byHash(SqlClient client, String hash) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM gateway.api_keys WHERE hash = $1")
                .execute(Tuple.of(hash)).map(ApiKeyRepository::first);
    }

    /** Newest first, revoked ones included. */
    public Uni<List<ApiKey>> list(SqlClient client, String org) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM gateway.api_keys WHERE org_id = $1 ORDER BY created_at DESC, id")
                .execute(Tuple.of(org)).map(rows -> {
                    List<ApiKey> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(key(row)));
                    return keys;
                });
    }

    /** Revokes the key (keeping the first revocation time); false when the organisation has no such key. */
    public Uni<Boolean> revoke(SqlClient client, String org, UUID id, Instant now) {
        return client.preparedQuery("UPDATE gateway.api_keys SET revoked_at = coalesce(revoked_at, $3) WHERE org_id = $1 AND id = $2")
                .execute(Tuple.of(org, id, ts(now))).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> touch(SqlClient client, String org, UUID id, Instant usedAt) {
        return client.preparedQuery("UPDATE gateway.api_keys SET last_used_at = $3"
                        + " WHERE org_id = $1 AND id = $2 AND (last_used_at IS NULL OR last_used_at < $3)")
                .execute(Tuple.of(org, id, ts(usedAt))).replaceWithVoid();
    }

    private static Optional<ApiKey> first(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? Optional.of(key(rows.iterator().next())) : Optional.empty();
    }

    private static ApiKey key(Row r) {
        return new ApiKey(r.getString("org_id"), r.getUUID("id"), r.getString("name"), r.getString("prefix"),
                r.getString("hash"), Arrays.asList(r.getArrayOfStrings("roles")), r.getString("created_by"),
                instant(r, "created_at"), instant(r, "expires_at"), instant(r, "revoked_at"), instant(r, "last_used_at"),
                r.getString("plan"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
