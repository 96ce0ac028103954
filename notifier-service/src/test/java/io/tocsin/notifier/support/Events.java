package io.tocsin.notifier.support;

import io.tocsin.contracts.Addresses;
import io.tocsin.devstack.testing.TestBroker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** Incident events as incident-service emits them on {@code tocsin.incident.events}. */
public final class Events {

    private Events() {
    }

    /** An incident snapshot; change it with {@code put} for what a test needs. */
    public static JsonObject incident(String org, UUID id, String severity, String status, List<String> services) {
        return new JsonObject().put("id", id.toString()).put("org", org).put("reference", "INC-2026-0042")
                .put("title", "Checkout error rate above 5%").put("description", "Customers see 502s on **checkout**.")
                .put("severity", severity).put("status", status).put("environment", "production")
                .put("services", new JsonArray(services)).put("owners", new JsonArray()).put("commanderId", "u-alice")
                .put("declaredBy", "u-bob").put("source", new JsonObject().put("kind", "manual").putNull("externalId"))
                .put("customFields", new JsonObject()).put("autoDrafted", false).put("impactStartedAt", "2026-03-15T14:28:00Z")
                .put("detectedAt", "2026-03-15T14:31:00Z").put("declaredAt", "2026-03-15T14:32:10Z").putNull("acknowledgedAt")
                .putNull("mitigatedAt").putNull("resolvedAt").putNull("mitigationSummary").putNull("resolutionSummary")
                .put("createdAt", "2026-03-15T14:32:10Z").put("updatedAt", "2026-03-15T14:32:10Z").put("version", 1);
    }

    /** Sends an event ({@code type} without the {@code io.tocsin.} prefix); returns its CloudEvent id. */
    public static String send(String type, JsonObject incident, JsonObject change) {
        String id = UUID.randomUUID().toString();
        resend(id, type, incident, change);
        return id;
    }

    /** Sends an event with a given id (a redelivery when the id was sent before). */
    public static void resend(String id, String type, JsonObject incident, JsonObject change) {
        TestBroker.sendCloudEvent(Addresses.INCIDENT_EVENTS, id, "io.tocsin." + type, incident.getString("org"),
                new JsonObject().put("incident", incident).put("change", change).encode());
    }

    /** {@code incident.status_changed} from {@code from} to the snapshot's status. */
    public static String statusChanged(JsonObject incident, String from, String to) {
        incident.put("status", to);
        return send("incident.status_changed", incident, new JsonObject().put("from", from).put("to", to));
    }
}
