package io.tocsin.bench;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.amqp.AmqpSender;
import io.vertx.amqp.AmqpSenderOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/** Publishing to and consuming from the suite's broker, the way an external producer would. */
final class Amqp implements AutoCloseable {

    private final Vertx vertx;
    private final AmqpClient client;
    private final AmqpConnection connection;

    Amqp(Vertx vertx, int port) {
        this.vertx = vertx;
        this.client = AmqpClient.create(vertx, new AmqpClientOptions().setHost("127.0.0.1").setPort(port).setConnectTimeout(5000));
        this.connection = Http.await(client.connect(), Duration.ofSeconds(15));
        if (connection == null) {
            throw new IllegalStateException("no AMQP connection to 127.0.0.1:" + port);
        }
    }

    /** A CloudEvent in binary mode: attributes as {@code cloudEvents_*} properties, JSON data as the body. */
    static AmqpMessage cloudEvent(String id, String type, String source, String subject, String org, String dataJson) {
        JsonObject properties = new JsonObject().put("cloudEvents_specversion", "1.0").put("cloudEvents_id", id)
                .put("cloudEvents_type", type).put("cloudEvents_source", source).put("cloudEvents_time", Instant.now().toString())
                .put("cloudEvents_tocsinorg", org);
        if (subject != null) {
            properties.put("cloudEvents_subject", subject);
        }
        return AmqpMessage.create().id(id).durable(true).contentType("application/json").applicationProperties(properties)
                .withBufferAsBody(Buffer.buffer(dataJson)).build();
    }

    AmqpSender sender(String address, boolean anycast) {
        AmqpSenderOptions options = new AmqpSenderOptions();
        if (anycast) {
            options.setCapabilities(List.of("queue"));
        }
        AmqpSender sender = Http.await(connection.createSender(address, options), Duration.ofSeconds(15));
        if (sender == null) {
            throw new IllegalStateException("no AMQP sender for " + address);
        }
        return sender;
    }

    /**
     * Sends {@code count} messages with at most {@code window} unacknowledged at a time; completes
     * when the broker has accepted all of them (or fails at the first refusal).
     */
    Future<Void> publish(AmqpSender sender, int count, int window, IntFunction<AmqpMessage> messages) {
        Promise<Void> done = Promise.promise();
        AtomicLong next = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        vertx.runOnContext(v -> {
            for (int i = 0; i < Math.min(window, count); i++) {
                sendNext(sender, count, messages, next, acked, done);
            }
        });
        return done.future();
    }

    private void sendNext(AmqpSender sender, int count, IntFunction<AmqpMessage> messages, AtomicLong next, AtomicLong acked,
            Promise<Void> done) {
        long n = next.getAndIncrement();
        if (n >= count) {
            return;
        }
        sender.sendWithAck(messages.apply((int) n)).onComplete(result -> {
            if (result.failed()) {
                done.tryFail(result.cause());
                return;
            }
            if (acked.incrementAndGet() == count) {
                done.tryComplete();
            } else {
                sendNext(sender, count, messages, next, acked, done);
            }
        });
    }

    /** A consumer that accepts every message and does nothing else; counts them. */
    AmqpReceiver noopConsumer(String address, AtomicLong received, Runnable onEach) {
        AmqpReceiverOptions options = new AmqpReceiverOptions().setAutoAcknowledgement(false).setDurable(true)
                .setMaxBufferedMessages(256).setCapabilities(List.of("queue"));
        AmqpReceiver receiver = Http.await(connection.createReceiver(address, options), Duration.ofSeconds(15));
        if (receiver == null) {
            throw new IllegalStateException("no AMQP receiver for " + address);
        }
        receiver.handler(message -> {
            message.accepted();
            received.incrementAndGet();
            onEach.run();
        });
        return receiver;
    }

    @Override
    public void close() {
        Http.await(connection.close(), Duration.ofSeconds(10));
        Http.await(client.close(), Duration.ofSeconds(10));
    }
}
