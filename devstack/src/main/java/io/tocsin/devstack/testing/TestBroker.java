package io.tocsin.devstack.testing;

import io.tocsin.devstack.DevStack;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A test's own AMQP client on the shared stack's broker: it keeps every message received on the
 * queues it listens to (durable queues, so nothing sent while the broker restarts is missed, and
 * it re-attaches by itself) and sends CloudEvents in binary mode like the services do.
 */
public final class TestBroker {

    /** A received CloudEvent: its attributes and JSON data. */
    public record Event(String id, String type, String source, String subject, String org, String time, JsonObject data) {

        /** The type without the {@code io.tocsin.} prefix, e.g. {@code incident.created}. */
        public String shortType() {
            return type.startsWith("io.tocsin.") ? type.substring("io.tocsin.".length()) : type;
        }
    }

    private static final String PREFIX = "cloudEvents_";
    private static final Vertx VERTX = Vertx.vertx();
    private static final Map<String, ConcurrentLinkedQueue<AmqpMessage>> RECEIVED = new ConcurrentHashMap<>();
    private static final Map<String, java.util.concurrent.CompletableFuture<Void>> ATTACHED = new ConcurrentHashMap<>();
    private static volatile AmqpClient client;

    private TestBroker() {
    }

    /** Starts keeping what arrives on {@code queue} (once per JVM per queue) and waits until attached. */
    public static void listen(String queue) {
        synchronized (TestBroker.class) {
            if (client == null) {
                client = AmqpClient.create(VERTX, new AmqpClientOptions().setHost(DevStack.shared().amqpHost())
                        .setPort(DevStack.shared().amqpPort()));
            }
            if (RECEIVED.putIfAbsent(queue, new ConcurrentLinkedQueue<>()) == null) {
                ATTACHED.put(queue, new java.util.concurrent.CompletableFuture<>());
                attach(queue);
            }
        }
        ATTACHED.get(queue).orTimeout(20, TimeUnit.SECONDS).join();
    }

    private static void attach(String queue) {
        client.connect().onSuccess(connection -> {
            connection.exceptionHandler(failure -> reattach(queue));
            receive(connection, queue);
        }).onFailure(failure -> reattach(queue));
    }

    private static void receive(AmqpConnection connection, String queue) {
        connection.createReceiver(queue, new AmqpReceiverOptions().setDurable(true))
                .onSuccess(receiver -> {
                    receiver.handler(RECEIVED.get(queue)::add);
                    ATTACHED.get(queue).complete(null);
                })
                .onFailure(failure -> reattach(queue));
    }

    private static void reattach(String queue) {
        ATTACHED.compute(queue, (q, attached) -> attached == null || attached.isDone()
                ? new java.util.concurrent.CompletableFuture<>() : attached);
        VERTX.setTimer(300, id -> attach(queue));
    }

    /** Every message received on {@code queue} so far, in arrival order. */
    public static List<AmqpMessage> messages(String queue) {
        return List.copyOf(RECEIVED.getOrDefault(queue, new ConcurrentLinkedQueue<>()));
    }

    /** The CloudEvents received on {@code queue} for one organisation, in arrival order. */
    public static List<Event> events(String queue, String org) {
        return messages(queue).stream().map(TestBroker::event).filter(e -> org.equals(e.org())).collect(Collectors.toList());
    }

    /** The messages received on {@code queue} whose AMQP message id is {@code id}. */
    public static List<AmqpMessage> withId(String queue, String id) {
        return messages(queue).stream().filter(m -> id.equals(m.id())).collect(Collectors.toList());
    }

    /** Sends a durable CloudEvent in binary mode. */
    public static void sendCloudEvent(String address, String id, String type, String org, String dataJson) {
        sendCloudEvent(address, id, type, org, dataJson, Map.of());
    }

    /** The same, with extra application properties (e.g. a trace context). */
    public static void sendCloudEvent(String address, String id, String type, String org, String dataJson,
            Map<String, String> extraProperties) {
        JsonObject properties = new JsonObject().put(PREFIX + "specversion", "1.0").put(PREFIX + "id", id)
                .put(PREFIX + "type", type).put(PREFIX + "source", "/tests").put(PREFIX + "time", Instant.now().toString())
                .put(PREFIX + "tocsinorg", org);
        extraProperties.forEach(properties::put);
        send(AmqpMessage.create().address(address).id(id).durable(true).contentType("application/json")
                .applicationProperties(properties).withBufferAsBody(Buffer.buffer(dataJson)).build());
    }

    /** Sends any message (its address set) and waits until the broker accepted it. */
    public static void send(AmqpMessage message) {
        AmqpClient sender = AmqpClient.create(VERTX, new AmqpClientOptions().setHost(DevStack.shared().amqpHost())
                .setPort(DevStack.shared().amqpPort()));
        sender.connect()
                .compose(connection -> connection.createSender(message.address())
                        .compose(s -> s.sendWithAck(message))
                        .eventually(() -> connection.close()))
                .eventually(() -> sender.close())
                .toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static Event event(AmqpMessage message) {
        JsonObject p = message.applicationProperties();
        JsonObject data;
        try {
            data = new JsonObject(message.bodyAsBinary());
        } catch (RuntimeException notJson) {
            data = new JsonObject();
        }
        return new Event(p.getString(PREFIX + "id"), p.getString(PREFIX + "type"), p.getString(PREFIX + "source"),
                p.getString(PREFIX + "subject"), p.getString(PREFIX + "tocsinorg"), p.getString(PREFIX + "time"), data);
    }
}
