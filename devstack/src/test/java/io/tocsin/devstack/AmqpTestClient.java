package io.tocsin.devstack;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** A small blocking AMQP 1.0 client for the tests; every wait is bounded. */
final class AmqpTestClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final AmqpClient client;
    private final AmqpConnection connection;

    AmqpTestClient(DevStack stack) {
        vertx = Vertx.vertx();
        client = AmqpClient.create(vertx, new AmqpClientOptions()
                .setHost(stack.amqpHost())
                .setPort(stack.amqpPort())
                .setConnectTimeout((int) WAIT.toMillis()));
        try {
            connection = await(client.connect());
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** Sends a durable message and waits for the broker's acceptance. */
    void send(String address, String body) {
        AmqpSender sender = await(connection.createSender(address));
        try {
            await(sender.sendWithAck(AmqpMessage.create().durable(true).withBody(body).build()));
        } finally {
            await(sender.close());
        }
    }

    Inbox receive(String address, boolean autoAck) {
        Inbox inbox = new Inbox();
        AmqpReceiver receiver = await(connection.createReceiver(address,
                new AmqpReceiverOptions().setAutoAcknowledgement(autoAck)));
        receiver.handler(inbox.messages::add);
        inbox.receiver = receiver;
        return inbox;
    }

    @Override
    public void close() {
        try {
            await(client.close());
        } catch (RuntimeException ignored) {
            // the broker may be gone already
        } finally {
            await(vertx.close());
        }
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("AMQP operation failed or timed out", e);
        }
    }

    /** Messages delivered to one receiver. */
    static final class Inbox {
        final BlockingQueue<AmqpMessage> messages = new LinkedBlockingQueue<>();
        AmqpReceiver receiver;

        /**
         * Waits (bounded) for a message whose body matches; other messages are handed to {@code others} (e.g. to
         * accept them) and skipped.
         */
        AmqpMessage await(Predicate<String> body, java.util.function.Consumer<AmqpMessage> others) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            try {
                while (true) {
                    long left = deadline - System.nanoTime();
                    AmqpMessage message = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (message == null) {
                        throw new AssertionError("no matching message within " + WAIT);
                    }
                    if (body.test(message.bodyAsString())) {
                        return message;
                    }
                    others.accept(message);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        AmqpMessage await(String body) {
            return await(body::equals, message -> { });
        }

        void close() {
            AmqpTestClient.await(receiver.close());
        }
    }
}
