package io.tocsin.incident.lifecycle;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * {@code Idempotency-Key} records for creates, kept 24 hours. The key is claimed by inserting its
 * row in the create's own transaction: a concurrent request with the same key waits on that row
 * and then replays the stored response, so a key creates at most one incident.
 */
@ApplicationScoped
public class IdempotencyStore {

    public static final Duration RETENTION = Duration.ofHours(24);

    private final Pool pool;

    public IdempotencyStore(Pool pool) {
        this.pool = pool;
    }

    /** A response stored for replay. */
    public record StoredResponse(int status, String body) {
    }

    /**
     * Claims {@code key} for a request with {@code hash}; empty when this request goes ahead,
     * the stored response when it is a replay. A different body under a live key is a 422.
     */
    public Uni<Optional<StoredResponse>> claim(SqlConnection tx, String org, String key, String hash, Instant now) {
        return tx.preparedQuery("INSERT INTO incident.idempotency_keys (org_id, key, request_hash, status, body, created_at)"
                        + " VALUES ($1, $2, $3, 0, '', $4) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(org, key, hash, ts(now)))
                .flatMap(inserted -> inserted.rowCount() == 1
                        ? Uni.createFrom().item(Optional.<StoredResponse>empty())
                        : existing(tx, org, key, hash, now));
    }

    private Uni<Optional<StoredResponse>> existing(SqlConnection tx, String org, String key, String hash, Instant now) {
        return tx.preparedQuery("SELECT request_hash, status, body, created_at FROM incident.idempotency_keys"
                        + " WHERE org_id = $1 AND key = $2 FOR UPDATE")
                .execute(Tuple.of(org, key))
                .flatMap(rows -> {
                    var row = rows.iterator().next();
                    Instant created = row.getOffsetDateTime("created_at").toInstant();
                    if (created.plus(RETENTION).isBefore(now)) {
                        return tx.preparedQuery("UPDATE incident.idempotency_keys SET request_hash = $3, status = 0,"
                                        + " body = '', created_at = $4 WHERE org_id = $1 AND key = $2")
                                .execute(Tuple.of(org, key, hash, ts(now)))
                                .map(updated -> Optional.<StoredResponse>empty());
                    }
                    if (!row.getString("request_hash").equals(hash)) {
                        throw new ProblemException(422, "idempotency-key-reused", "Idempotency key reused",
                                "this Idempotency-Key was used with a different request body in the last 24 hours");
                    }
                    return Uni.createFrom().item(Optional.of(new StoredResponse(row.getInteger("status"), row.getString("body"))));
                });
    }

    /** Stores the response of the request that claimed the key. */
    public Uni<Void> complete(SqlConnection tx, String org, String key, StoredResponse response) {
        return tx.preparedQuery("UPDATE incident.idempotency_keys SET status = $3, body = $4 WHERE org_id = $1 AND key = $2")
                .execute(Tuple.of(org, key, response.status(), response.body())).replaceWithVoid();
    }

    /** Deletes keys past their retention. */
    public Uni<Integer> purge(Instant now) {
        return pool.preparedQuery("DELETE FROM incident.idempotency_keys WHERE created_at < $1")
                .execute(Tuple.of(ts(now.minus(RETENTION)))).map(rows -> rows.rowCount());
    }

    private static OffsetDateTime ts(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
