package io.tocsin.autodraft.support;

import io.tocsin.contracts.Addresses;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.devstack.testing.TestBroker;
import io.tocsin.devstack.testing.TestBroker.Event;
import io.tocsin.devstack.testing.TestDatabase;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The broker as autodraft's neighbours see it: the commands it sends (incident-service is not
 * running in these tests, so they stay on {@code tocsin.incident.commands} for us to read), dead
 * letters, signals from monitoring producers, and the events incident-service would emit.
 */
public final class Bus {

    private Bus() {
    }

    public static void listen() {
        TestBroker.listen(Addresses.INCIDENT_COMMANDS);
        TestBroker.listen(Addresses.DEAD_LETTERS);
    }

    /** The {@code draft_incident} commands received for {@code org}. */
    public static List<Event> drafts(String org) {
        return commands(org, CommandType.DRAFT_INCIDENT);
    }

    /** The {@code expire_draft} commands received for {@code org}. */
    public static List<Event> expiries(String org) {
        return commands(org, CommandType.EXPIRE_DRAFT);
    }

    private static List<Event> commands(String org, CommandType type) {
        return TestBroker.events(Addresses.INCIDENT_COMMANDS, org).stream()
                .filter(e -> e.type().equals(type.cloudEventType())).toList();
    }

    /** How many commands of a type autodraft has written for {@code org} (published or not yet). */
    public static long outboxed(String org, CommandType type) {
        return TestDatabase.count("SELECT count(*) FROM autodraft.outbox WHERE org_id = ? AND type = ?", org,
                type.cloudEventType());
    }

    public static List<AmqpMessage> deadLetters(String id) {
        return TestBroker.withId(Addresses.DEAD_LETTERS, id);
    }

    /** A plain-JSON signal in a data section, as the README tells producers to send it; {@code id} is the AMQP message id. */
    public static void sendSignal(String messageId, String json) {
        TestBroker.send(AmqpMessage.create().address(Addresses.METRIC_SIGNALS).id(messageId).durable(true)
                .contentType("application/json").withBufferAsBody(Buffer.buffer(json)).build());
    }

    /** A plain-JSON signal as an AMQP string value (what many clients send for text). */
    public static void sendSignalAsText(String messageId, String json) {
        TestBroker.send(AmqpMessage.create().address(Addresses.METRIC_SIGNALS).id(messageId).durable(true).withBody(json)
                .build());
    }

    /** A signal as a binary-mode CloudEvent whose data is the signal JSON. */
    public static void sendSignalCloudEvent(String ceId, String org, String json) {
        TestBroker.sendCloudEvent(Addresses.METRIC_SIGNALS, ceId, "io.example.metric.signal", org, json);
    }

    /** A signal JSON for {@code org}/{@code metric}; {@code extra} is inserted as more fields (e.g. {@code "score":0.9}). */
    public static String signal(String id, String org, String metric, String status, String extra) {
        return "{\"id\":\"" + id + "\",\"org\":\"" + org + "\",\"metric\":\"" + metric + "\",\"status\":\"" + status + "\""
                + (extra == null || extra.isBlank() ? "" : "," + extra) + "}";
    }

    /** An incident event as incident-service emits it, stamped with {@code time} (the clock's now in tests). */
    public static String sendIncidentEvent(String type, String org, UUID incidentId, JsonObject data, Instant time) {
        String id = UUID.randomUUID().toString();
        JsonObject properties = new JsonObject().put("cloudEvents_specversion", "1.0").put("cloudEvents_id", id)
                .put("cloudEvents_type", "io.tocsin." + type).put("cloudEvents_source", "/orgs/" + org + "/incidents/" + incidentId)
                .put("cloudEvents_subject", incidentId.toString()).put("cloudEvents_time", time.toString())
                .put("cloudEvents_tocsinorg", org);
        TestBroker.send(AmqpMessage.create().address(Addresses.INCIDENT_EVENTS).id(id).durable(true)
                .contentType("application/json").applicationProperties(properties)
                .withBufferAsBody(Buffer.buffer(data.encode())).build());
        return id;
    }

    /** The data of an auto-draft event: the draft's snapshot (as incident-service builds it) and the change. */
    public static JsonObject autoDraftData(String org, UUID incidentId, String metric, String status, Instant createdAt,
            JsonObject change) {
        JsonObject incident = new JsonObject().put("id", incidentId.toString()).put("org", org).put("reference", "INC-2026-0001")
                .put("title", "Investigating elevated errors on Checkout error rate").put("description", "")
                .put("severity", "SEV2").put("status", status).put("environment", (String) null)
                .put("services", List.of("checkout-api")).put("owners", List.of()).put("commanderId", (String) null)
                .put("declaredBy", (String) null).put("source", new JsonObject().put("kind", "autodraft").put("externalId", metric))
                .put("customFields", new JsonObject()).put("autoDrafted", true).put("impactStartedAt", createdAt.toString())
                .put("detectedAt", createdAt.toString()).put("declaredAt", (String) null).put("acknowledgedAt", (String) null)
                .put("mitigatedAt", (String) null).put("resolvedAt", (String) null).put("mitigationSummary", (String) null)
                .put("resolutionSummary", (String) null).put("createdAt", createdAt.toString())
                .put("updatedAt", createdAt.toString()).put("version", 1);
        return new JsonObject().put("incident", incident).put("change", change);
    }
}
