package io.tocsin.notifier.deliveries;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.Db;
import io.tocsin.platform.db.RowIds;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Deliveries: stored with the event that caused them, claimed by dispatchers, and listed for operators. */
@ApplicationScoped
public class DeliveryRepository {

    /**
     * Claims due deliveries for one dispatcher round. Only the head of each (destination, incident)
     * queue — its oldest pending delivery — may be claimed, and only if no live lease holds it: while
     * a head waits for a retry or is being sent, it is still pending, so nothing behind it moves. The
     * due candidates are read oldest first ({@code deliveries_due}) and each is checked for an older
     * pending delivery of its queue ({@code deliveries_pending}), so a round reads about as many rows
     * as it claims, not the whole backlog. Rows another dispatcher is claiming right now are skipped
     * ({@code SKIP LOCKED}); the lease makes the claim outlive this short transaction, and expires if
     * the dispatcher dies before recording an outcome. The claim changes no indexed column (not even
     * {@code updated_at}, which the outcome sets), so PostgreSQL updates the row in place.
     */
    private static final String CLAIM = "WITH due AS (SELECT d.position FROM notifier.deliveries d"
            + " WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until <= $1)"
            + " AND NOT EXISTS (SELECT 1 FROM notifier.deliveries o WHERE o.destination = d.destination"
            + " AND o.incident_id = d.incident_id AND o.status = 'pending' AND o.position < d.position)"
            + " ORDER BY d.next_attempt_at, d.position LIMIT $2 FOR UPDATE OF d SKIP LOCKED)"
            + " UPDATE notifier.deliveries SET claim_token = $3, lease_until = $4, attempts = attempts + 1"
            + " WHERE position IN (SELECT position FROM due) RETURNING " + Delivery.COLUMNS;

    /**
     * Records a round's outcomes in one statement; a row is changed only while the claim that sent it
     * is still current (its lease was not taken over), and the ids of those rows come back.
     */
    private static final String RECORD = "UPDATE notifier.deliveries d SET status = o.status,"
            + " next_attempt_at = coalesce(o.next_attempt_at, d.next_attempt_at),"
            + " delivered_at = CASE WHEN o.status = 'delivered' THEN $1 ELSE d.delivered_at END, updated_at = $1,"
            + " last_status_code = o.status_code, last_error = o.error, claim_token = NULL, lease_until = NULL"
            + " FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::int[], $7::text[])"
            + " AS o (id, claim_token, status, next_attempt_at, status_code, error)"
            + " WHERE d.id = o.id AND d.claim_token = o.claim_token RETURNING d.id";

    private static final String INSERT = "INSERT INTO notifier.deliveries (id, org_id, event_id, event_type, incident_id,"
            + " destination, action, payload, credential, next_attempt_at, retry_from, created_at, updated_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $10, $10) ON CONFLICT (event_id, destination) DO NOTHING";

    /** A delivery to store, with the event it is for. */
    public record Planned(String org, String eventId, String eventType, UUID incidentId, NewDelivery delivery) {
    }

    /**
     * Stores the deliveries of consumed events, in order (their positions follow it, and so does the order of each
     * destination's queue); one per event and destination even if an event comes again.
     */
    public Uni<Integer> insertAll(SqlClient tx, List<Planned> planned, Instant now) {
        if (planned.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Tuple> rows = planned.stream().map(p -> Tuple.tuple().addValue(RowIds.next()).addValue(p.org())
                .addValue(p.eventId()).addValue(p.eventType()).addValue(p.incidentId()).addValue(p.delivery().destination())
                .addValue(p.delivery().action()).addValue(p.delivery().payload())
                .addValue(p.delivery().credential() == null ? null : Buffer.buffer(p.delivery().credential()))
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

    /** Records outcomes of claimed deliveries; answers the ids whose claim was still current (the others are left alone). */
    public Uni<Set<UUID>> record(SqlClient client, List<Outcome> outcomes, Instant now) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = outcomes.size();
        UUID[] ids = new UUID[n];
        UUID[] tokens = new UUID[n];
        String[] statuses = new String[n];
        OffsetDateTime[] next = new OffsetDateTime[n];
        Integer[] codes = new Integer[n];
        String[] errors = new String[n];
        for (int i = 0; i < n; i++) {
            Outcome outcome = outcomes.get(i);
            ids[i] = outcome.delivery().id();
            tokens[i] = outcome.delivery().claimToken();
            statuses[i] = outcome.status().wire();
            next[i] = Db.ts(outcome.nextAttemptAt());
            codes[i] = outcome.statusCode();
            errors[i] = outcome.error();
        }
        Tuple args = Tuple.tuple().addValue(Db.ts(now)).addArrayOfUUID(ids).addArrayOfUUID(tokens).addArrayOfString(statuses)
                .addArrayOfOffsetDateTime(next).addArrayOfInteger(codes).addArrayOfString(errors);
        return client.preparedQuery(RECORD).execute(args).map(rows -> {
            Set<UUID> current = new HashSet<>();
            rows.forEach(row -> current.add(row.getUUID("id")));
            return current;
        });
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
