package io.tocsin.platform.inbox;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.amqp.CloudEventMessage;
import java.util.List;

/**
 * Handles one type of consumed message and keeps it idempotent by itself: it records the message ids in the
 * statements that carry their effects, so the consumer opens no transaction around it. For messages that mostly
 * change nothing (a storm of repeated signals), where the handler can find that out with one read and record the
 * ids without a transaction. The consumer acknowledges a batch once {@link #handleAll} completed, and on failure
 * handles its messages again one at a time, so {@code handleAll} must be safe to repeat for ids it recorded.
 */
public interface IdempotentHandler {

    /** The CloudEvent type handled. */
    String type();

    /** Consecutive messages of one batch, in delivery order; ids seen before must have no second effect. */
    Uni<Void> handleAll(List<CloudEventMessage> messages);
}
