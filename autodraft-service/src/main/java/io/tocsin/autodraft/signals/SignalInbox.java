package io.tocsin.autodraft.signals;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Signal ids already processed, per organisation, in the inbox table under one consumer name
 * whichever door a signal came in by (the AMQP consumer records the same key), so a signal is
 * idempotent across AMQP and HTTP. This row is the only write a signal that changes nothing makes;
 * a repeated id writes nothing at all. Ids are forgotten after the inbox retention (7 days, the
 * platform purges them); a signal redelivered later than that is older than any recent transition.
 *
 * <p>A batch's ids are claimed in one statement, in id order, so that two batches sharing ids wait
 * for each other instead of deadlocking.
 */
@ApplicationScoped
public class SignalInbox {

    /** The inbox consumer name of metric signals. */
    public static final String CONSUMER = "metric-signals";

    private static final String CLAIM_ALL = "INSERT INTO autodraft.inbox (consumer, message_id, processed_at)"
            + " SELECT $1, ids.id, now() FROM unnest($2::text[]) AS ids(id) ORDER BY ids.id"
            + " ON CONFLICT DO NOTHING RETURNING message_id";

    /** {@code <org>/<signal id>}: ids are unique per organisation. */
    public static String messageId(String org, String signalId) {
        return org + "/" + signalId;
    }

    /**
     * Records the message ids ({@link #messageId}) in the caller's transaction; answers those that
     * were new. An id already recorded, by this statement or before, is not in the answer.
     */
    public Uni<Set<String>> claimAll(SqlClient tx, Collection<String> messageIds) {
        String[] ids = messageIds.stream().distinct().toArray(String[]::new);
        return tx.preparedQuery(CLAIM_ALL).execute(Tuple.of(CONSUMER, ids)).map(rows -> {
            Set<String> fresh = new HashSet<>();
            rows.forEach(row -> fresh.add(row.getString("message_id")));
            return fresh;
        });
    }
}
