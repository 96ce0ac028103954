package io.tocsin.incident.support;

import io.tocsin.contracts.Addresses;
import io.tocsin.contracts.CloudEvents;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The test's own AMQP client. It reads incident events from the durable
 * {@code tocsin.incident.events::notifier} queue (as the notifier will), so nothing published
 * while the broker restarts is missed, and it sends commands like autodraft and notifier do.
 */
public final class Broker {

    /** An incident event as a consumer sees it. */
    public record Event(String id, String type, String source, String subject, String org, String time, JsonObject data) {
        public String shortType() {
            return type.substring(CloudEvents.TYPE_PREFIX.length());
        }
    }

    private static final Vertx VERTX = Vertx.vertx();
    private static final ConcurrentLinkedQueue<Event> EVENTS = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<AmqpMessage> DEAD_LETTERS = new ConcurrentLinkedQueue<>();
    private static volatile AmqpClient client;
    private static volatile boolean attached;

    private Broker() {
    }

    /** Starts listening (once per JVM) and waits until the receivers are attached. */
    public static synchronized void listen() {
        if (client == null) {
            var config = ConfigProvider.getConfig();
            client = AmqpClient.create(VERTX, new AmqpClientOptions()
                    .setHost(config.getValue("tocsin.amqp.host", String.class))
                    .setPort(config.getValue("tocsin.amqp.port", Integer.class)));
            attach();
        }
        org.awaitility.Awaitility.await("attached to the broker").atMost(java.time.Duration.ofSeconds(20))
                .until(() -> attached);
    }

    private static void attach() {
        client.connect().onSuccess(connection -> {
            connection.exceptionHandler(failure -> reattach());
            receive(connection, Addresses.incidentEventsQueue("notifier"), message -> EVENTS.add(event(message)));
            receive(connection, Addresses.DEAD_LETTERS, DEAD_LETTERS::add);
        }).onFailure(failure -> reattach());
    }

    private static void receive(AmqpConnection connection, String address, java.util.function.Consumer<AmqpMessage> sink) {
        connection.createReceiver(address, new AmqpReceiverOptions().setDurable(true))
                .onSuccess(receiver -> {
                    receiver.handler(sink::accept);
                    if (address.equals(Addresses.DEAD_LETTERS)) {
                        attached = true;
                    }
                })
                .onFailure(failure -> reattach());
    }

    private static void reattach() {
        attached = false;
        VERTX.setTimer(300, id -> attach());
    }

    /** The events received so far for one organisation, in arrival order. */
    public static List<Event> events(String org) {
        return EVENTS.stream().filter(e -> org.equals(e.org())).collect(Collectors.toList());
    }

    public static List<Event> events(String org, String subject) {
        return events(org).stream().filter(e -> subject.equals(e.subject())).collect(Collectors.toList());
    }

    /** Dead-lettered messages whose CloudEvent id is {@code id}. */
    public static List<AmqpMessage> deadLetters(String id) {
        return DEAD_LETTERS.stream().filter(m -> id.equals(m.id())).collect(Collectors.toList());
    }

    /** Sends a CloudEvent (binary mode) to the command address. */
    public static void sendCommand(String id, String type, String org, String dataJson) {
        JsonObject properties = new JsonObject().put(CloudEvents.SPECVERSION, "1.0").put(CloudEvents.ID, id)
                .put(CloudEvents.TYPE, type).put(CloudEvents.SOURCE, "/tests").put(CloudEvents.TIME, Instant.now().toString())
                .put(CloudEvents.ORG, org);
        send(AmqpMessage.create().address(Addresses.INCIDENT_COMMANDS).id(id).durable(true)
                .applicationProperties(properties).withBufferAsBody(Buffer.buffer(dataJson)).build());
    }

    /** Sends any message to the command address (for malformed-message tests). */
    public static void send(AmqpMessage message) {
        client.connect()
                .compose(connection -> connection.createSender(Addresses.INCIDENT_COMMANDS)
                        .compose(sender -> sender.sendWithAck(message))
                        .eventually(() -> connection.close()))
                .toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static Event event(AmqpMessage message) {
        JsonObject p = message.applicationProperties();
        return new Event(p.getString(CloudEvents.ID), p.getString(CloudEvents.TYPE), p.getString(CloudEvents.SOURCE),
                p.getString(CloudEvents.SUBJECT), p.getString(CloudEvents.ORG), p.getString(CloudEvents.TIME),
                new JsonObject(message.bodyAsBinary()));
    }
}
