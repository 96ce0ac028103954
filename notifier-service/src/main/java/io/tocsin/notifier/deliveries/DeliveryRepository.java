package io.tocsin.notifier.deliveries;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.Db;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Deliveries: stored with the event that caused them, claimed by dispatchers, and listed for operators. */
@ApplicationScoped
public class DeliveryRepository {

    /**
     * Claims due deliveries for one dispatcher round. Only the head of each (destination, incident)
     * queue — its oldest pending delivery — may be claimed, and only if no live lease holds it: while
     * a head waits for a retry or is being sent, nothing behind it moves. Rows another dispatcher is
     * claiming right now are skipped ({@code SKIP LOCKED}); the lease makes the claim outlive this
     * short transaction, and expires if the dispatcher dies before recording an outcome.
     */
    private static final String CLAIM = "WITH heads AS ("
            + " SELECT DISTINCT ON (destination, incident_id) position FROM notifier.deliveries WHERE status = 'pending'"
            + " ORDER BY destination, incident_id, position),"
            + " due AS (SELECT d.position FROM notifier.deliveries d JOIN heads h ON h.position = d.position"
            + " WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until <= $1)"
            + " ORDER BY d.next_attempt_at, d.position LIMIT $2 FOR UPDATE OF d SKIP LOCKED)"
            + " UPDATE notifier.deliveries SET claim_token = $3, lease_until = $4, attempts = attempts + 1, updated_at = $1"
            + " WHERE position IN (SELECT position FROM due) RETURNING " + Delivery.COLUMNS;

    private static final String INSERT = "INSERT INTO notifier.deliveries (id, org_id, event_id, event_type, incident_id,"
            + " destination, action, payload, credential, next_attempt_at, retry_from, created_at, updated_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $10, $10) ON CONFLICT (event_id, destination) DO NOTHING";

    /** Stores the deliveries of one consumed event; one per destination even if the event comes again. */
    public Uni<Integer> insertAll(SqlClient tx, String org, String eventId, String eventType, UUID incidentId,
            List<NewDelivery> deliveries, Instant now) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Tuple> rows = deliveries.stream().map(d -> Tuple.tuple().addValue(UUID.randomUUID()).addValue(org)
                .addValue(eventId).addValue(eventType).addValue(incidentId).addValue(d.destination()).addValue(d.action())
                .addValue(d.payload()).addValue(d.credential() == null ? null : Buffer.buffer(d.credential()))
                .addValue(Db.ts(now))).toList();
        return tx.preparedQuery(INSERT).executeBatch(rows).map(DeliveryRepository::affected);
    }

    private static int affected(RowSet<Row> result) {
        int count = 0;
        for (RowSet<Row> set = result; set != null; set = set.next()) {
            count += set.rowCount();
        }
        return count;
    }

    public Uni<List<Delivery>> claim(SqlClient client, Instant now, int limit, UUID token, Instant leaseUntil) {
        return client.preparedQuery(CLAIM).execute(Tuple.of(Db.ts(now), limit, token, Db.ts(leaseUntil))).map(this::list);
    }

    public Uni<Boolean> markDelivered(SqlClient client, Delivery d, Integer status, Instant now) {
        return client.preparedQuery("UPDATE notifier.deliveries SET status = 'delivered', delivered_at = $3, updated_at = $3,"
                        + " last_status_code = $4, last_error = NULL, claim_token = NULL, lease_until = NULL"
                        + " WHERE id = $1 AND claim_token = $2")
                .execute(Tuple.of(d.id(), d.claimToken(), Db.ts(now), status)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Boolean> markRetry(SqlClient client, Delivery d, Integer status, String reason, Instant next, Instant now) {
        return client.preparedQuery("UPDATE notifier.deliveries SET next_attempt_at = $3, updated_at = $4, last_status_code = $5,"
                        + " last_error = $6, claim_token = NULL, lease_until = NULL WHERE id = $1 AND claim_token = $2")
                .execute(Tuple.tuple().addValue(d.id()).addValue(d.claimToken()).addValue(Db.ts(next)).addValue(Db.ts(now))
                        .addValue(status).addValue(reason))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Boolean> markFailed(SqlClient client, Delivery d, Integer status, String reason, Instant now) {
        return client.preparedQuery("UPDATE notifier.deliveries SET status = 'failed', updated_at = $3, last_status_code = $4,"
                        + " last_error = $5, claim_token = NULL, lease_until = NULL WHERE id = $1 AND claim_token = $2")
                .execute(Tuple.tuple().addValue(d.id()).addValue(d.claimToken()).addValue(Db.ts(now)).addValue(status)
                        .addValue(reason))
                .map(rows -> rows.rowCount() == 1);
    }

    /** An operator's retry: due now, with a fresh retry window; a delivery already delivered is left alone. */
    public Uni<Optional<Delivery>> retryNow(SqlClient client, String org, UUID id, Instant now) {
        return client.preparedQuery("UPDATE notifier.deliveries SET status = 'pending', next_attempt_at = $3, retry_from = $3,"
                        + " updated_at = $3, claim_token = NULL, lease_until = NULL"
                        + " WHERE org_id = $1 AND id = $2 AND status <> 'delivered' AND (lease_until IS NULL OR lease_until <= $3)"
                        + " RETURNING " + Delivery.COLUMNS)
                .execute(Tuple.of(org, id, Db.ts(now))).map(rows -> list(rows).stream().findFirst());
    }

    public Uni<Optional<Delivery>> find(SqlClient client, String org, UUID id) {
        return client.preparedQuery("SELECT " + Delivery.COLUMNS + " FROM notifier.deliveries WHERE org_id = $1 AND id = $2")
                .execute(Tuple.of(org, id)).map(rows -> list(rows).stream().findFirst());
    }

    /** Newest first; {@code before} is the keyset position of the previous page's last row. */
    public Uni<List<Delivery>> page(SqlClient client, String org, DeliveryFilter filter, Long before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + Delivery.COLUMNS + " FROM notifier.deliveries WHERE org_id = $1");
        Tuple args = Tuple.of(org);
        if (filter.status() != null) {
            args.addValue(filter.status().wire());
            sql.append(" AND status = $").append(args.size());
        }
        if (filter.incidentId() != null) {
            args.addValue(filter.incidentId());
            sql.append(" AND incident_id = $").append(args.size());
        }
        if (filter.destination() != null) {
            args.addValue(filter.destination());
            sql.append(filter.destination().contains(":") ? " AND destination = $" + args.size()
                    : " AND (destination = $" + args.size() + " OR destination LIKE $" + args.size() + " || ':%')");
        }
        if (before != null) {
            args.addValue(before);
            sql.append(" AND position < $").append(args.size());
        }
        args.addValue(limit + 1);
        sql.append(" ORDER BY position DESC LIMIT $").append(args.size());
        return client.preparedQuery(sql.toString()).execute(args).map(this::list);
    }

    /** Pending deliveries and the age of the oldest one that is due (the delivery lag). */
    public Uni<Backlog> backlog(SqlClient client, Instant now) {
        return client.preparedQuery("SELECT count(*) AS pending, extract(epoch FROM $1 - min(next_attempt_at)"
                        + " FILTER (WHERE next_attempt_at <= $1)) AS lag FROM notifier.deliveries WHERE status = 'pending'")
                .execute(Tuple.of(Db.ts(now))).map(rows -> {
                    Row row = rows.iterator().next();
                    Double lag = row.getDouble("lag");
                    return new Backlog(row.getLong("pending"), lag == null ? 0 : Math.max(0, lag));
                });
    }

    /** Pending deliveries, and seconds since the oldest due one became due (0 when none is due). */
    public record Backlog(long pending, double lagSeconds) {
    }

    private List<Delivery> list(RowSet<Row> rows) {
        List<Delivery> found = new ArrayList<>();
        rows.forEach(row -> found.add(Delivery.of(row)));
        return found;
    }
}
