package io.tocsin.incident.support;

import io.tocsin.contracts.Addresses;
import io.tocsin.devstack.testing.TestBroker;
import io.tocsin.devstack.testing.TestBroker.Event;
import io.vertx.amqp.AmqpMessage;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What incident-service's consumers see: events on the notifier's durable queue (as the notifier
 * will read them), dead letters, and commands sent like autodraft and notifier send them.
 */
public final class Events {

    public static final String QUEUE = Addresses.incidentEventsQueue("notifier");

    private Events() {
    }

    public static void listen() {
        TestBroker.listen(QUEUE);
        TestBroker.listen(Addresses.DEAD_LETTERS);
    }

    public static List<Event> of(String org) {
        return TestBroker.events(QUEUE, org);
    }

    public static List<Event> of(String org, String incidentId) {
        return of(org).stream().filter(e -> incidentId.equals(e.subject())).collect(Collectors.toList());
    }

    public static void sendCommand(String id, String type, String org, String dataJson) {
        TestBroker.sendCloudEvent(Addresses.INCIDENT_COMMANDS, id, type, org, dataJson);
    }

    public static List<AmqpMessage> deadLetters(String id) {
        return TestBroker.withId(Addresses.DEAD_LETTERS, id);
    }
}
