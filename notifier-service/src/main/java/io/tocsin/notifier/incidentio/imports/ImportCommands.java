package io.tocsin.notifier.incidentio.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tocsin.contracts.Addresses;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.contracts.commands.ImportIncident;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.db.RowIds;
import io.tocsin.platform.outbox.OutboxEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The {@code import_incident} commands, as outbox events: CloudEvent id = command id, source
 * {@code /orgs/{org}/integrations/incident-io}, subject and aggregate = the incident.io id, so the
 * imports of one incident are published in the order they were made. A fingerprint of a command's
 * content (everything but its id) tells whether an incident changed since it was last sent.
 */
@ApplicationScoped
public class ImportCommands {

    private final ObjectMapper json;

    public ImportCommands(ObjectMapper json) {
        this.json = json;
    }

    /** A command ready to send, and the fingerprint of what it says. */
    public record Prepared(ImportIncident command, String fingerprint) {
    }

    public Prepared prepare(ImportIncident content) {
        ImportIncident command = new ImportIncident(RowIds.next().toString(), content.org(), content.origin(),
                content.externalId(), content.name(), content.summary(), content.severity(), content.status(),
                content.services(), content.customFields(), content.impactStartedAt(), content.declaredAt(),
                content.acknowledgedAt(), content.resolvedAt(), content.url());
        return new Prepared(command, fingerprint(content));
    }

    public OutboxEvent event(ImportIncident command, Instant at) {
        CloudEventMessage message = new CloudEventMessage(command.commandId(), CommandType.IMPORT_INCIDENT.cloudEventType(),
                "/orgs/" + command.org() + "/integrations/incident-io", command.externalId(), command.org(), at, write(command));
        return new OutboxEvent(Addresses.INCIDENT_COMMANDS, "incident-io:" + command.externalId(), message);
    }

    /** SHA-256 of the command's JSON without its id: equal for an incident unchanged in incident.io. */
    String fingerprint(ImportIncident content) {
        ImportIncident withoutId = new ImportIncident(null, content.org(), content.origin(), content.externalId(),
                content.name(), content.summary(), content.severity(), content.status(), content.services(),
                content.customFields(), content.impactStartedAt(), content.declaredAt(), content.acknowledgedAt(),
                content.resolvedAt(), content.url());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(write(withoutId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private String write(ImportIncident command) {
        try {
            return json.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("command could not be serialised", e);
        }
    }
}
