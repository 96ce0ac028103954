package io.tocsin.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Writes events into the outbox inside the caller's transaction, so they exist if and only if it commits. */
@ApplicationScoped
public class OutboxWriter {

    private final String insert;

    public OutboxWriter(OutboxSettings settings) {
        String table = OutboxTable.name(settings);
        this.insert = "INSERT INTO " + table
                + " (address, aggregate_id, event_id, type, source, subject, org_id, occurred_at, payload)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb)";
    }

    public Uni<Void> append(SqlConnection tx, List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = events.stream().map(OutboxWriter::row).toList();
        return tx.preparedQuery(insert).executeBatch(rows).replaceWithVoid();
    }

    private static Tuple row(OutboxEvent event) {
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
                .addValue(m.dataJson());
    }
}
