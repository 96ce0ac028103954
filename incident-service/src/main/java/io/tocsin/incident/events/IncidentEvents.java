package io.tocsin.incident.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tocsin.contracts.Addresses;
import io.tocsin.contracts.CloudEvents;
import io.tocsin.contracts.events.IncidentEvent;
import io.tocsin.contracts.events.IncidentEventType;
import io.tocsin.contracts.events.IncidentSnapshot;
import io.tocsin.incident.lifecycle.Incident;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.db.RowIds;
import io.tocsin.platform.outbox.OutboxEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Turns a change to an incident into the CloudEvent that the outbox will publish. */
@ApplicationScoped
public class IncidentEvents {

    private final ObjectMapper json;

    public IncidentEvents(ObjectMapper json) {
        this.json = json;
    }

    public OutboxEvent of(Incident incident, EventNote note, Instant at) {
        IncidentEvent data = new IncidentEvent(snapshot(incident), note.change());
        String id = RowIds.next().toString();
        CloudEventMessage message = new CloudEventMessage(id, note.type().cloudEventType(),
                CloudEvents.incidentSource(incident.org(), incident.id()), incident.id().toString(), incident.org(), at,
                write(data));
        return new OutboxEvent(Addresses.INCIDENT_EVENTS, incident.id().toString(), message);
    }

    public List<OutboxEvent> of(Incident incident, List<EventNote> notes, Instant at) {
        return notes.stream().map(note -> of(incident, note, at)).toList();
    }

    public static IncidentSnapshot snapshot(Incident i) {
        return new IncidentSnapshot(i.id(), i.org(), i.reference(), i.title(), i.description(), i.severity().name(),
                i.status().wire(), i.environment(), i.services(), i.owners().stream().map(UUID::toString).toList(),
                i.commanderId(), i.declaredBy(), new IncidentSnapshot.Source(i.sourceKind().wire(), i.sourceExternalId()),
                i.customFields(), i.autoDrafted(), i.impactStartedAt(), i.detectedAt(), i.declaredAt(),
                i.acknowledgedAt(), i.mitigatedAt(), i.resolvedAt(), i.mitigationSummary(), i.resolutionSummary(),
                i.createdAt(), i.updatedAt(), i.version());
    }

    private String write(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("incident event could not be serialised", e);
        }
    }

    /** An event to emit: its type and the details of the change. */
    public record EventNote(IncidentEventType type, Map<String, Object> change) {
    }
}
