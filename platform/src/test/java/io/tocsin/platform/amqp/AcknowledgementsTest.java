package io.tocsin.platform.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.devstack.DevStack;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.mutiny.amqp.AmqpClient;
import io.vertx.mutiny.amqp.AmqpConnection;
import io.vertx.mutiny.amqp.AmqpMessage;
import io.vertx.mutiny.amqp.AmqpReceiver;
import io.vertx.mutiny.amqp.AmqpSender;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batched acknowledgements against the real broker: settled for good, as if each message had been accepted. */
class AcknowledgementsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final DevStack stack = DevStack.shared();
    private Vertx vertx;
    private AmqpClient client;

    @BeforeEach
    void connect() {
        vertx = Vertx.vertx();
        client = AmqpClient.create(vertx, new AmqpClientOptions().setHost(stack.amqpHost()).setPort(stack.amqpPort()));
    }

    @AfterEach
    void close() {
        client.closeAndAwait();
        vertx.closeAndAwait();
    }

    @Test
    void theClientInUseAllowsBatchedAcknowledgements() {
        // If an upgrade of the AMQP client removes what this relies on, consumers fall back to one write per message:
        // still correct, but slower. This makes such an upgrade visible.
        assertThat(Acknowledgements.batched()).isTrue();
    }

    @Test
    void aBatchAcceptedAtOnceIsNotDeliveredAgain() {
        String address = "tocsin.test.acks." + UUID.randomUUID();
        AmqpConnection connection = client.connectAndAwait();
        AmqpReceiver receiver = receiver(connection, address, 50);   // first: it makes the address a queue
        AmqpSender sender = connection.createSenderAndAwait(address);
        send(sender, 50);
        List<AmqpMessage> received = receive(receiver, 50);
        // One of them was accepted on its own already: settled deliveries are left alone.
        received.get(7).accepted();

        Acknowledgements.acceptAll(received);

        assertNothingComesBackBeforeAMarker(connection, sender, address);
    }

    @Test
    void messagesAcceptedOnTheConnectionsOwnEventLoopAreNotDeliveredAgain() {
        String address = "tocsin.test.acks." + UUID.randomUUID();
        AmqpConnection connection = client.connectAndAwait();
        AmqpReceiver receiver = receiver(connection, address, 20);
        AmqpSender sender = connection.createSenderAndAwait(address);
        send(sender, 20);
        // The receiver hands messages over on the connection's event loop: accepted right there, in pairs.
        List<List<AmqpMessage>> pairs = receiver.toMulti().group().intoLists().of(2)
                .onItem().invoke(Acknowledgements::acceptAll)
                .select().first(10).collect().asList().await().atMost(WAIT);
        assertThat(pairs).hasSize(10);

        assertNothingComesBackBeforeAMarker(connection, sender, address);
    }

    @Test
    void messagesAcceptedAfterTheirConnectionWasLostAreDeliveredAgain() {
        String address = "tocsin.test.acks." + UUID.randomUUID();
        AmqpConnection connection = client.connectAndAwait();
        AmqpReceiver receiver = receiver(connection, address, 5);
        AmqpSender sender = connection.createSenderAndAwait(address);
        send(sender, 5);
        List<AmqpMessage> received = receive(receiver, 5);
        connection.closeAndAwait();

        Acknowledgements.acceptAll(received);

        AmqpConnection again = client.connectAndAwait();
        assertThat(receive(receiver(again, address, 5), 5)).extracting(AmqpMessage::id)
                .containsExactly("m-0", "m-1", "m-2", "m-3", "m-4");
        again.closeAndAwait();
    }

    @Test
    void aMessageThisClientDidNotReceiveIsRefusedAsAcceptingItWouldBe() {
        AmqpMessage made = AmqpMessage.create().withBody("not received").build();
        assertThatThrownBy(made::accepted).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Acknowledgements.acceptAll(List.of(made))).isInstanceOf(IllegalStateException.class);
    }

    /** Messages {@code m-0} … {@code m-<count-1>}, each accepted by the broker before the next. */
    private static void send(AmqpSender sender, int count) {
        for (int i = 0; i < count; i++) {
            sender.sendWithAckAndAwait(AmqpMessage.create().id("m-" + i).durable(true).withBody("body " + i).build());
        }
    }

    /**
     * Sends a marker, closes the connection and receives again: anything left unsettled would come back before the
     * marker, which was sent after all of it.
     */
    private void assertNothingComesBackBeforeAMarker(AmqpConnection connection, AmqpSender sender, String address) {
        sender.sendWithAckAndAwait(AmqpMessage.create().id("marker").durable(true).withBody("marker").build());
        connection.closeAndAwait();
        AmqpConnection again = client.connectAndAwait();
        assertThat(receive(receiver(again, address, 1), 1).get(0).id()).isEqualTo("marker");
        again.closeAndAwait();
    }

    private static AmqpReceiver receiver(AmqpConnection connection, String address, int credit) {
        return connection.createReceiverAndAwait(address, new AmqpReceiverOptions()
                .setAutoAcknowledgement(false).setDurable(true).setMaxBufferedMessages(credit).setCapabilities(List.of("queue")));
    }

    private static List<AmqpMessage> receive(AmqpReceiver receiver, int count) {
        return receiver.toMulti().select().first(count).collect().asList().await().atMost(WAIT);
    }
}
