package io.tocsin.incident.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.contracts.commands.ImportIncident;
import io.tocsin.incident.lifecycle.IncidentRules;
import io.tocsin.incident.lifecycle.IncidentStatus;
import io.tocsin.incident.lifecycle.Severity;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.amqp.UnreadableMessage;
import io.tocsin.platform.inbox.MessageHandler;
import io.tocsin.platform.problem.FieldError;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code io.tocsin.command.import_incident}: reads and checks the command, then hands it to
 * {@link ImportService}. A command that can never be stored (no org, no external id, no
 * declaration time, an unknown severity or status, custom fields of the wrong shape) is
 * dead-lettered.
 */
@ApplicationScoped
public class ImportCommandHandler implements MessageHandler {

    /** The statuses an import may carry: the tool's incident is live, resolved, or declined there. */
    static final Set<IncidentStatus> IMPORTABLE = Set.of(IncidentStatus.DECLARED, IncidentStatus.INVESTIGATING,
            IncidentStatus.MITIGATED, IncidentStatus.RESOLVED, IncidentStatus.DISMISSED);

    private final ImportService imports;
    private final ObjectMapper json;

    public ImportCommandHandler(ImportService imports, ObjectMapper json) {
        this.imports = imports;
        this.json = json;
    }

    @Override
    public String type() {
        return CommandType.IMPORT_INCIDENT.cloudEventType();
    }

    @Override
    public Uni<Void> handle(SqlConnection tx, CloudEventMessage message) {
        ImportIncident command = normalise(message.data(json, ImportIncident.class));
        if (command.org() == null || command.org().isBlank()) {
            throw new UnreadableMessage("import_incident has no org");
        }
        if (message.org() != null && !message.org().equals(command.org())) {
            throw new UnreadableMessage("import_incident org does not match its envelope");
        }
        if (command.externalId() == null || command.externalId().isBlank() || command.externalId().length() > 200) {
            throw new UnreadableMessage("import_incident needs an externalId of 1 to 200 characters");
        }
        if (command.declaredAt() == null) {
            throw new UnreadableMessage("import_incident " + command.externalId() + " has no declaredAt");
        }
        Severity severity = severity(command);
        IncidentStatus status = status(command);
        List<FieldError> errors = new ArrayList<>();
        IncidentRules.checkCustomFields(command.customFields(), errors);
        if (!errors.isEmpty()) {
            throw new UnreadableMessage("import_incident " + command.externalId() + " " + errors.get(0).field() + " "
                    + errors.get(0).message());
        }
        return imports.importIncident(tx, command, severity, status).replaceWithVoid();
    }

    /** A missing origin means incident.io (the one importer); custom fields without a value are left out. */
    private static ImportIncident normalise(ImportIncident c) {
        String origin = c.origin() == null || c.origin().isBlank() ? "incident_io" : c.origin();
        Map<String, Object> fields = new LinkedHashMap<>();
        if (c.customFields() != null) {
            c.customFields().forEach((name, value) -> {
                if (value != null) {
                    fields.put(name, value);
                }
            });
        }
        String externalId = c.externalId() == null ? null : c.externalId().strip();
        return new ImportIncident(c.commandId(), c.org(), origin, externalId, c.name(), c.summary(), c.severity(),
                c.status(), c.services(), fields, c.impactStartedAt(), c.declaredAt(), c.acknowledgedAt(), c.resolvedAt(),
                c.url());
    }

    private static Severity severity(ImportIncident command) {
        try {
            return Severity.valueOf(String.valueOf(command.severity()));
        } catch (IllegalArgumentException e) {
            throw new UnreadableMessage("import_incident " + command.externalId() + " severity must be SEV1..SEV4");
        }
    }

    private static IncidentStatus status(ImportIncident command) {
        try {
            IncidentStatus status = IncidentStatus.fromWire(String.valueOf(command.status()));
            if (IMPORTABLE.contains(status)) {
                return status;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new UnreadableMessage("import_incident " + command.externalId()
                + " status must be declared, investigating, mitigated, resolved or dismissed");
    }
}
