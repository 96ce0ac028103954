package io.tocsin.platform.inbox;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.List;

/**
 * Handles one kind of consumed message inside the transaction that also records the message as
 * processed. Throw {@link io.tocsin.platform.amqp.UnreadableMessage} when the data can never be
 * processed; any other failure is retried by redelivery.
 */
public interface MessageHandler {

    /** The CloudEvent type handled, e.g. {@code io.tocsin.command.draft_incident}. */
    String type();

    Uni<Void> handle(SqlConnection tx, CloudEventMessage message);

    /**
     * Handlers of one group take consecutive messages together ({@link #handleAll}), whatever their types; by
     * default a handler is a group of its own.
     */
    default Object group() {
        return this;
    }

    /**
     * Several consecutive messages of this handler's group from one batch, in delivery order, none seen before. By
     * default each is handled in turn by this handler, so a handler that shares its group with others must override
     * this; a handler that can do the work of many in a few statements does.
     */
    default Uni<Void> handleAll(SqlConnection tx, List<CloudEventMessage> messages) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (CloudEventMessage message : messages) {
            chain = chain.flatMap(v -> handle(tx, message));
        }
        return chain;
    }
}
