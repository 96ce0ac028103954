package io.tocsin.autodraft.drafts;

import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.amqp.UnreadableMessage;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * What autodraft needs from an incident event ({@code {"incident": …, "change": …}}), read
 * tolerantly: incident-service may add fields. An auto-draft event that does not name its
 * incident, organisation or metric can never be processed and is dead-lettered.
 *
 * @param at when the change happened: the CloudEvent time, never later than now
 */
record IncidentEventData(UUID incidentId, String org, String reference, String status, Instant createdAt, String metric,
        JsonObject change, Instant at) {

    static IncidentEventData read(CloudEventMessage message, Clock clock) {
        JsonObject data;
        JsonObject incident;
        JsonObject change;
        try {
            data = new JsonObject(message.dataJson());
            incident = data.getJsonObject("incident");
            change = data.getJsonObject("change", new JsonObject());
        } catch (DecodeException | ClassCastException e) {
            throw new UnreadableMessage("event data is not {incident, change}");
        }
        if (incident == null) {
            throw new UnreadableMessage("event has no incident");
        }
        UUID id;
        Instant createdAt;
        try {
            id = UUID.fromString(incident.getString("id"));
            String created = incident.getString("createdAt");
            createdAt = created == null ? null : Instant.parse(created);
        } catch (RuntimeException e) {
            throw new UnreadableMessage("incident id or createdAt is malformed");
        }
        String org = incident.getString("org");
        if (org == null || org.isBlank() || (message.org() != null && !message.org().equals(org))) {
            throw new UnreadableMessage("incident org is missing or does not match the envelope");
        }
        String metric = change.getValue("metric") instanceof String named ? named : sourceMetric(incident);
        if (metric == null || metric.isBlank()) {
            throw new UnreadableMessage("auto-draft event names no metric");
        }
        Instant now = clock.instant();
        Instant at = message.time() == null || message.time().isAfter(now) ? now : message.time();
        return new IncidentEventData(id, org, incident.getString("reference"), incident.getString("status"),
                createdAt == null ? at : createdAt, metric, change, at);
    }

    /** Auto-drafted incidents carry their metric as {@code source {kind: autodraft, externalId: <slug>}}. */
    private static String sourceMetric(JsonObject incident) {
        try {
            JsonObject source = incident.getJsonObject("source");
            return source != null && "autodraft".equals(source.getString("kind")) ? source.getString("externalId") : null;
        } catch (ClassCastException e) {
            return null;
        }
    }

    Draft draft() {
        return new Draft(org, incidentId, metric, createdAt, DraftStatus.OPEN);
    }

    String changeText(String key) {
        Object value = change.getValue(key);
        return value == null ? null : value.toString();
    }
}
