package io.tocsin.platform.outbox;

import io.tocsin.platform.amqp.CloudEventMessage;

/**
 * A message to publish once the transaction that wrote it commits. Messages with the same
 * {@code aggregateId} are published in the order they were written.
 */
public record OutboxEvent(String address, String aggregateId, CloudEventMessage message) {
}
