package io.tocsin.notifier.pagerduty;

import io.tocsin.contracts.commands.CommandType;
import io.tocsin.contracts.commands.ExternalActor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What Tocsin takes from a PagerDuty V3 webhook ({@code {"event": {id, event_type, occurred_at, agent,
 * data: <incident>}}}), read tolerantly. The Tocsin incident is named by the PagerDuty incident's
 * {@code incident_key}, which is our dedup key {@code tocsin-<incident id>}.
 */
public record PagerDutyWebhookEvent(String id, String type, UUID incidentId, String pagerDutyIncidentId, ExternalActor agent,
        Instant occurredAt, String note, List<ExternalActor> assignees) {

    private static final String KEY_PREFIX = "tocsin-";

    /** The command each handled event type becomes; other types are ignored. */
    public Optional<CommandType> command() {
        return Optional.ofNullable(switch (type == null ? "" : type) {
            case "incident.acknowledged" -> CommandType.EXTERNAL_ACKNOWLEDGED;
            case "incident.resolved" -> CommandType.EXTERNAL_RESOLVED;
            case "incident.reassigned" -> CommandType.EXTERNAL_REASSIGNED;
            case "incident.reopened" -> CommandType.EXTERNAL_REOPENED;
            default -> null;
        });
    }

    /** Reads a webhook body; empty when it is not a V3 event (not JSON, no event id). */
    public static Optional<PagerDutyWebhookEvent> read(String body) {
        JsonObject event;
        try {
            event = new JsonObject(body).getJsonObject("event");
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (event == null || !(event.getValue("id") instanceof String id) || id.isBlank()) {
            return Optional.empty();
        }
        JsonObject data = object(event, "data");
        return Optional.of(new PagerDutyWebhookEvent(id, text(event, "event_type"), tocsinIncident(text(data, "incident_key")),
                text(data, "id"), actor(object(event, "agent")), instant(text(event, "occurred_at")), note(data),
                assignees(data)));
    }

    static UUID tocsinIncident(String incidentKey) {
        if (incidentKey == null || !incidentKey.startsWith(KEY_PREFIX)) {
            return null;
        }
        try {
            return UUID.fromString(incidentKey.substring(KEY_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A resolve note: {@code resolve_note}, or {@code resolve_reason} (text, or an object's summary). */
    private static String note(JsonObject data) {
        String note = text(data, "resolve_note");
        if (note != null && !note.isBlank()) {
            return note;
        }
        Object reason = data.getValue("resolve_reason");
        if (reason instanceof String text && !text.isBlank()) {
            return text;
        }
        if (reason instanceof JsonObject object) {
            String summary = text(object, "summary");
            return summary == null ? text(object, "type") : summary;
        }
        return null;
    }

    private static List<ExternalActor> assignees(JsonObject data) {
        List<ExternalActor> assignees = new ArrayList<>();
        if (data.getValue("assignees") instanceof JsonArray array) {
            array.forEach(item -> {
                if (item instanceof JsonObject assignee) {
                    assignees.add(actor(assignee));
                }
            });
        }
        return assignees;
    }

    private static ExternalActor actor(JsonObject reference) {
        if (reference.isEmpty()) {
            return null;
        }
        String name = text(reference, "summary") != null ? text(reference, "summary") : text(reference, "name");
        return new ExternalActor(text(reference, "id"), name, text(reference, "email"));
    }

    private static Instant instant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static JsonObject object(JsonObject parent, String key) {
        return parent.getValue(key) instanceof JsonObject object ? object : new JsonObject();
    }

    private static String text(JsonObject object, String key) {
        Object value = object.getValue(key);
        return value instanceof String text ? text : value == null ? null : value.toString();
    }
}
