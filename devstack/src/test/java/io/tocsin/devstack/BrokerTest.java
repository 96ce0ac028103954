package io.tocsin.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.vertx.amqp.AmqpMessage;

class BrokerTest {

    private final DevStack stack = DevStack.shared();

    private static String unique(String what) {
        return what + "-" + UUID.randomUUID();
    }

    @Test
    void eventsFanOutToEveryServiceQueueAndToAdHocSubscribers() {
        String body = unique("incident-opened");
        try (AmqpTestClient amqp = new AmqpTestClient(stack)) {
            // A receiver on the plain multicast address gets its own (temporary) subscription; attach it first.
            AmqpTestClient.Inbox observer = amqp.receive(Topology.EVENTS, true);
            amqp.send(Topology.EVENTS, body);

            assertThat(observer.await(body).bodyAsString()).isEqualTo(body);
            AmqpMessage notifier = amqp.receive(Topology.eventsQueue(Topology.NOTIFIER), true).await(body);
            AmqpMessage autodraft = amqp.receive(Topology.eventsQueue(Topology.AUTODRAFT), true).await(body);
            assertThat(notifier.isDurable()).isTrue();
            assertThat(autodraft.bodyAsString()).isEqualTo(body);
        }
    }

    @Test
    void commandsRoundTripThroughTheAnycastQueue() {
        String body = unique("acknowledge");
        try (AmqpTestClient amqp = new AmqpTestClient(stack)) {
            amqp.send(Topology.COMMANDS, body);
            assertThat(amqp.receive(Topology.COMMANDS, true).await(body).bodyAsString()).isEqualTo(body);

            String signal = unique("signal");
            amqp.send(Topology.SIGNALS, signal);
            assertThat(amqp.receive(Topology.SIGNALS, true).await(signal).bodyAsString()).isEqualTo(signal);
        }
    }

    @Test
    void rejectedCommandGoesToTheDeadLetterQueue() {
        String body = unique("poison");
        try (AmqpTestClient amqp = new AmqpTestClient(stack)) {
            amqp.send(Topology.COMMANDS, body);
            AmqpTestClient.Inbox commands = amqp.receive(Topology.COMMANDS, false);
            commands.await(body::equals, AmqpMessage::accepted).rejected();
            commands.close();

            AmqpMessage dead = amqp.receive(Topology.DLQ, true).await(body);
            assertThat(dead.bodyAsString()).isEqualTo(body);
        }
    }

    @Test
    void failedDeliveryIsRedeliveredAfterTheRedeliveryDelay() {
        String body = unique("retry");
        try (AmqpTestClient amqp = new AmqpTestClient(stack)) {
            amqp.send(Topology.COMMANDS, body);
            AmqpTestClient.Inbox commands = amqp.receive(Topology.COMMANDS, false);
            AmqpMessage first = commands.await(body::equals, AmqpMessage::accepted);
            assertThat(first.deliveryCount()).isZero();
            long failedAt = System.nanoTime();
            first.modified(true, false);

            AmqpMessage second = commands.await(body::equals, AmqpMessage::accepted);
            long delayMillis = (System.nanoTime() - failedAt) / 1_000_000;
            second.accepted();
            assertThat(second.deliveryCount()).isEqualTo(1);
            assertThat(delayMillis).isGreaterThanOrEqualTo(150);
            commands.close();
        }
    }

    @Test
    void durableMessagesSurviveABrokerRestart() {
        String command = unique("before-restart");
        String event = unique("event-before-restart");
        try (AmqpTestClient amqp = new AmqpTestClient(stack)) {
            amqp.send(Topology.COMMANDS, command);
            amqp.send(Topology.EVENTS, event);
        }

        stack.stopBroker();
        try {
            assertThat(stack.brokerRunning()).isFalse();
        } finally {
            stack.startBroker();
        }
        assertThat(stack.brokerRunning()).isTrue();

        try (AmqpTestClient amqp = new AmqpTestClient(stack)) {
            assertThat(amqp.receive(Topology.COMMANDS, true).await(command).bodyAsString()).isEqualTo(command);
            assertThat(amqp.receive(Topology.eventsQueue(Topology.NOTIFIER), true).await(event).bodyAsString())
                    .isEqualTo(event);
            assertThat(amqp.receive(Topology.eventsQueue(Topology.AUTODRAFT), true).await(event).bodyAsString())
                    .isEqualTo(event);
        }
    }
}
