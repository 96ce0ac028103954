package io.tocsin.notifier.pagerduty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tocsin.contracts.Addresses;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.contracts.commands.ExternalChange;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.outbox.OutboxEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The {@code external_*} commands the notifier sends to incident-service, as outbox events:
 * CloudEvent id = command id, source {@code /orgs/{org}/integrations/{origin}}, subject and
 * aggregate = the incident, so an incident's commands are published in the order they were received.
 */
@ApplicationScoped
public class ExternalCommands {

    private final ObjectMapper json;

    public ExternalCommands(ObjectMapper json) {
        this.json = json;
    }

    public OutboxEvent of(CommandType type, ExternalChange command, Instant at) {
        String incident = command.incidentId().toString();
        CloudEventMessage message = new CloudEventMessage(command.commandId(), type.cloudEventType(),
                "/orgs/" + command.org() + "/integrations/" + command.origin(), incident, command.org(), at, write(command));
        return new OutboxEvent(Addresses.INCIDENT_COMMANDS, incident, message);
    }

    private String write(ExternalChange command) {
        try {
            return json.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("command could not be serialised", e);
        }
    }
}
