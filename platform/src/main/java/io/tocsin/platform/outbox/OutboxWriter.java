package io.tocsin.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.db.AfterCommit;
import io.tocsin.platform.tracing.MessageTracing;
import io.tocsin.platform.tracing.Traceparent;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Writes events into the outbox inside the caller's transaction, so they exist if and only if it commits, and wakes
 * this replica's relay once it has. (Not a {@code NOTIFY} from the database: PostgreSQL serialises the commits of
 * all transactions that notify, each holding a global lock through its disk flush.) Rows written by a replica that
 * does not relay are found by the other replicas' polls. Each row keeps the trace context current at the write (the
 * request's, or the consumed message's), which the relay sends with the message ({@link MessageTracing}).
 */
@ApplicationScoped
public class OutboxWriter {

    private final String insert;
    private final OutboxRelay relay;

    public OutboxWriter(OutboxSettings settings, OutboxRelay relay) {
        this.relay = relay;
        String table = OutboxTable.name(settings);
        this.insert = "INSERT INTO " + table
                + " (address, aggregate_id, event_id, type, source, subject, org_id, occurred_at, payload, traceparent)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10)";
    }

    public Uni<Void> append(SqlConnection tx, List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String traceparent = Traceparent.current();
        List<Tuple> rows = events.stream().map(event -> row(event, traceparent)).toList();
        return tx.preparedQuery(insert).executeBatch(rows).invoke(() -> AfterCommit.run(tx, relay::wake)).replaceWithVoid();
    }

    private static Tuple row(OutboxEvent event, String traceparent) {
        var m = event.message();
        return Tuple.tuple()
                .addValue(event.address())
                .addValue(event.aggregateId())
                .addValue(UUID.fromString(m.id()))
                .addValue(m.type())
                .addValue(m.source())
                .addValue(m.subject())
                .addValue(m.org())
                .addValue(OffsetDateTime.ofInstant(m.time(), ZoneOffset.UTC))
                .addValue(m.dataJson())
                .addValue(traceparent);
    }
}
