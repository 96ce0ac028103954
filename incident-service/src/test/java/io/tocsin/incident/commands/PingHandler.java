package io.tocsin.incident.commands;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.amqp.UnreadableMessage;
import io.tocsin.platform.inbox.MessageHandler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A command handler that exists only in tests, to exercise the consumer framework: its effect is
 * a counter row bumped inside the transaction; it can be told to fail a number of times first, or to
 * lose a deadlock a number of times first.
 */
@ApplicationScoped
public class PingHandler implements MessageHandler {

    public static final String TYPE = "io.tocsin.command.test_ping";
    public static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Uni<Void> handle(SqlConnection tx, CloudEventMessage message) {
        JsonObject data;
        try {
            data = new JsonObject(message.dataJson());
        } catch (DecodeException e) {
            throw new UnreadableMessage("data is not JSON");
        }
        String org = data.getString("org");
        if (org == null) {
            throw new UnreadableMessage("no org");
        }
        int attempt = ATTEMPTS.computeIfAbsent(message.id(), id -> new AtomicInteger()).incrementAndGet();
        int failures = data.getInteger("failTimes", 0);
        // As PostgreSQL reports a transaction it failed to break a deadlock with another one.
        int conflicts = data.getInteger("conflictTimes", 0);
        return tx.preparedQuery("INSERT INTO incident.reference_counters (org_id, year, last_value) VALUES ($1, 0, 1)"
                        + " ON CONFLICT (org_id, year) DO UPDATE SET last_value = incident.reference_counters.last_value + 1")
                .execute(Tuple.of(org))
                .invoke(() -> {
                    if (attempt <= failures) {
                        throw new IllegalStateException("transient failure " + attempt);
                    }
                    if (attempt <= conflicts) {
                        throw new PgException("deadlock detected", "ERROR", "40P01", "a test conflict");
                    }
                })
                .replaceWithVoid();
    }
}
