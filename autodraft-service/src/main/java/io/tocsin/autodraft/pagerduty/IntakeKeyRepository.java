package io.tocsin.autodraft.pagerduty;

import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.Db;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Intake keys, stored as SHA-256 hashes; listing and removal are scoped by organisation. */
@ApplicationScoped
public class IntakeKeyRepository {

    private static final String COLUMNS = "id, org_id, name, service, key_last4, created_by, created_at";

    public Uni<Void> insert(SqlClient client, IntakeKey key, String keyHash) {
        return client.preparedQuery("INSERT INTO autodraft.intake_keys (id, org_id, name, service, key_hash, key_last4,"
                        + " created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.tuple().addValue(key.id()).addValue(key.org()).addValue(key.name()).addValue(key.service())
                        .addValue(keyHash).addValue(key.keyLast4()).addValue(key.createdBy()).addValue(Db.ts(key.createdAt())))
                .replaceWithVoid();
    }

    public Uni<List<IntakeKey>> list(SqlClient client, String org) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM autodraft.intake_keys WHERE org_id = $1 ORDER BY created_at, id")
                .execute(Tuple.of(org)).map(rows -> {
                    List<IntakeKey> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(map(row)));
                    return keys;
                });
    }

    /** The key whose hash this is, whatever its organisation (the routing key is what names the organisation). */
    public Uni<Optional<IntakeKey>> findByHash(SqlClient client, String keyHash) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM autodraft.intake_keys WHERE key_hash = $1")
                .execute(Tuple.of(keyHash))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(map(rows.iterator().next())) : Optional.empty());
    }

    public Uni<Boolean> delete(SqlClient client, String org, UUID id) {
        return client.preparedQuery("DELETE FROM autodraft.intake_keys WHERE org_id = $1 AND id = $2")
                .execute(Tuple.of(org, id)).map(rows -> rows.rowCount() == 1);
    }

    private static IntakeKey map(Row r) {
        return new IntakeKey(r.getUUID("id"), r.getString("org_id"), r.getString("name"), r.getString("service"),
                r.getString("key_last4"), r.getString("created_by"), Db.instant(r, "created_at"));
    }
}
