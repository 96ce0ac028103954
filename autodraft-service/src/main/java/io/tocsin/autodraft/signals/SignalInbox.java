package io.tocsin.autodraft.signals;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Signal ids already processed, per organisation, in the inbox table under one consumer name
 * whichever door a signal came in by (the AMQP consumer records the same key), so a signal is
 * idempotent across AMQP and HTTP. This row is the only write a signal that changes nothing makes;
 * a repeated id writes nothing at all. Ids are forgotten after the inbox retention (7 days, the
 * platform purges them); a signal redelivered later than that is older than any recent transition.
 */
@ApplicationScoped
public class SignalInbox {

    /** The inbox consumer name of metric signals. */
    public static final String CONSUMER = "metric-signals";

    private static final String CLAIM = "INSERT INTO autodraft.inbox (consumer, message_id, processed_at)"
            + " VALUES ($1, $2, now()) ON CONFLICT DO NOTHING";

    /** {@code <org>/<signal id>}: ids are unique per organisation. */
    public static String messageId(String org, String signalId) {
        return org + "/" + signalId;
    }

    /** True when the signal is new (its id is now recorded in the caller's transaction). */
    public Uni<Boolean> claim(SqlClient tx, String org, String signalId) {
        return tx.preparedQuery(CLAIM).execute(Tuple.of(CONSUMER, messageId(org, signalId))).map(rows -> rows.rowCount() == 1);
    }
}
