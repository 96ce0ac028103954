package io.tocsin.autodraft.scheduling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tocsin.contracts.Addresses;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.contracts.commands.DraftIncident;
import io.tocsin.contracts.commands.ExpireDraft;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.outbox.OutboxEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The commands autodraft sends to incident-service, as outbox events: CloudEvent id = command id,
 * source {@code /orgs/{org}/metrics/{slug}}, and one aggregate per metric so a metric's commands
 * are published in the order they were decided.
 */
@ApplicationScoped
public class DraftCommands {

    /** The {@code origin} of every command autodraft sends. */
    public static final String ORIGIN = "autodraft";

    private final ObjectMapper json;

    public DraftCommands(ObjectMapper json) {
        this.json = json;
    }

    public OutboxEvent draft(DraftIncident command, Instant at) {
        return event(CommandType.DRAFT_INCIDENT, command.commandId(), command.org(), command.metric(), command, at);
    }

    public OutboxEvent expire(ExpireDraft command, String metric, Instant at) {
        return event(CommandType.EXPIRE_DRAFT, command.commandId(), command.org(), metric, command, at);
    }

    private OutboxEvent event(CommandType type, String id, String org, String metric, Object data, Instant at) {
        CloudEventMessage message = new CloudEventMessage(id, type.cloudEventType(), source(org, metric), null, org, at,
                write(data));
        return new OutboxEvent(Addresses.INCIDENT_COMMANDS, org + "/" + metric, message);
    }

    public static String source(String org, String metric) {
        return "/orgs/" + org + "/metrics/" + metric;
    }

    private String write(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("command could not be serialised", e);
        }
    }
}
