package io.tocsin.notifier.events;

import io.tocsin.contracts.CloudEvents;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.amqp.UnreadableMessage;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An incident event as the notifier reads it ({@code {"incident": …, "change": …}}), tolerantly:
 * incident-service may add fields. An event without an incident id or organisation can never be
 * delivered anywhere and is dead-lettered.
 *
 * @param type     the wire name, e.g. {@code incident.created}
 * @param incident the snapshot after the change (empty when the event carries none)
 */
public record IncidentEventData(String eventId, String type, String org, UUID incidentId, Instant time,
        JsonObject incident, JsonObject change, JsonObject data) {

    /** {@code source.kind} of incidents incident-service stored from {@code import_incident} commands. */
    public static final String IMPORTED_FROM_INCIDENT_IO = "incident_io";

    public static IncidentEventData read(CloudEventMessage message, Instant now) {
        JsonObject data;
        try {
            data = new JsonObject(message.dataJson());
        } catch (DecodeException e) {
            throw new UnreadableMessage("event data is not a JSON object");
        }
        JsonObject incident = object(data, "incident");
        JsonObject change = object(data, "change");
        String org = incident.getValue("org") instanceof String named ? named : message.org();
        if (org == null || org.isBlank() || (message.org() != null && !message.org().equals(org))) {
            throw new UnreadableMessage("event org is missing or does not match the envelope");
        }
        String id = incident.getValue("id") instanceof String named ? named : message.subject();
        UUID incidentId;
        try {
            incidentId = UUID.fromString(id);
        } catch (RuntimeException e) {
            throw new UnreadableMessage("event names no incident id");
        }
        String type = message.type().startsWith(CloudEvents.TYPE_PREFIX)
                ? message.type().substring(CloudEvents.TYPE_PREFIX.length()) : message.type();
        Instant time = message.time() == null || message.time().isAfter(now) ? now : message.time();
        return new IncidentEventData(message.id(), type, org, incidentId, time, incident, change, data);
    }

    private static JsonObject object(JsonObject data, String key) {
        Object value = data.getValue(key);
        if (value == null) {
            return new JsonObject();
        }
        if (value instanceof JsonObject object) {
            return object;
        }
        throw new UnreadableMessage("event " + key + " is not an object");
    }

    public String status() {
        return text(incident, "status");
    }

    public String severity() {
        return text(incident, "severity");
    }

    public String reference() {
        return text(incident, "reference");
    }

    public String title() {
        return text(incident, "title");
    }

    public String environment() {
        return text(incident, "environment");
    }

    public List<String> services() {
        List<String> services = new ArrayList<>();
        if (incident.getValue("services") instanceof JsonArray array) {
            array.forEach(item -> {
                if (item instanceof String service && !service.isBlank()) {
                    services.add(service);
                }
            });
        }
        return services;
    }

    public JsonObject customFields() {
        return incident.getValue("customFields") instanceof JsonObject fields ? fields : new JsonObject();
    }

    public String changeText(String key) {
        return text(change, key);
    }

    /** Where the incident came from ({@code incident.source.kind}: manual, alert, autodraft, pagerduty, incident_io, import). */
    public String sourceKind() {
        return incident.getValue("source") instanceof JsonObject source ? text(source, "kind") : null;
    }

    /**
     * An incident imported from incident.io (SPEC §6.3): it is run there, and Tocsin keeps it for
     * analytics only. Paging it or creating it in incident.io again would echo it back.
     */
    public boolean importedFromIncidentIo() {
        return IMPORTED_FROM_INCIDENT_IO.equals(sourceKind());
    }

    /** The external tool that caused this change ({@code change.origin}), if any. */
    public String origin() {
        return changeText("origin");
    }

    /** {@code change.score} as a number, when the change carries one. */
    public Double score() {
        return change.getValue("score") instanceof Number number ? number.doubleValue() : null;
    }

    private static String text(JsonObject object, String key) {
        Object value = object.getValue(key);
        return value == null ? null : value.toString();
    }
}
