package io.tocsin.platform.inbox;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Handles one kind of consumed message inside the transaction that also records the message as
 * processed. Throw {@link io.tocsin.platform.amqp.UnreadableMessage} when the data can never be
 * processed; any other failure is retried by redelivery.
 */
public interface MessageHandler {

    /** The CloudEvent type handled, e.g. {@code io.tocsin.command.draft_incident}. */
    String type();

    Uni<Void> handle(SqlConnection tx, CloudEventMessage message);
}
