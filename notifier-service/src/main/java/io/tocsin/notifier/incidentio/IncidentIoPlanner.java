package io.tocsin.notifier.incidentio;

import io.tocsin.notifier.events.IncidentEventData;
import io.tocsin.notifier.events.IncidentState;
import io.tocsin.notifier.events.Moments;
import io.tocsin.notifier.events.Severity;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * When an incident event goes to incident.io: a published SEV1/SEV2 incident is created there when
 * it goes live or is raised to SEV2; once created, its resolution (when a resolved status name is
 * configured) and its severity changes follow. Changes incident.io caused are not sent back, and
 * incidents imported from incident.io are never created there again.
 */
public final class IncidentIoPlanner {

    public static final String ORIGIN = "incident_io";
    public static final String CREATE = "create";
    public static final String RESOLVE = "resolve";
    public static final String SEVERITY = "severity";

    private IncidentIoPlanner() {
    }

    /** What to send, if anything: the action and its payload (no credentials; the token is read when sending). */
    public record Send(String action, JsonObject payload) {
    }

    public static Optional<Send> plan(IncidentEventData event, IncidentIoConfig config, IncidentState state, String publicUrl) {
        if (ORIGIN.equals(event.origin()) || event.importedFromIncidentIo() || !config.canSend()) {
            return Optional.empty();
        }
        if (state.incidentIoPlanned()) {
            if (Moments.isResolved(event) && config.resolves()) {
                return Optional.of(new Send(RESOLVE, new JsonObject().put("status_name", config.resolvedStatusName())));
            }
            if (Moments.isSeverityChange(event) && Severity.isValid(event.severity())) {
                return Optional.of(new Send(SEVERITY, new JsonObject().put("severity", event.severity())
                        .put("severity_name", severityName(event.severity()))));
            }
            return Optional.empty();
        }
        boolean creates = Moments.isOpen(event) && Severity.atLeast(event.severity(), "SEV2")
                && (Moments.wentLive(event) || Moments.isSeverityChange(event));
        return creates ? Optional.of(new Send(CREATE, create(event, config, publicUrl))) : Optional.empty();
    }

    static JsonObject create(IncidentEventData event, IncidentIoConfig config, String publicUrl) {
        String link = publicUrl.replaceAll("/+$", "") + "/api/incidents/" + event.incidentId();
        StringBuilder summary = new StringBuilder();
        if (event.reference() != null) {
            summary.append("Tocsin incident ").append(event.reference()).append(" (").append(event.severity()).append(")");
        }
        if (!event.services().isEmpty()) {
            summary.append(summary.isEmpty() ? "" : " on ").append(String.join(", ", event.services()));
        }
        String description = event.incident().getValue("description") instanceof String text ? text : "";
        if (!description.isBlank()) {
            summary.append(summary.isEmpty() ? "" : ".\n\n").append(description);
        }
        summary.append(summary.isEmpty() ? "" : "\n\n").append("Details in Tocsin: ").append(link);
        JsonObject body = new JsonObject()
                .put("idempotency_key", event.incidentId().toString())
                .put("name", event.title() == null ? "Incident " + event.incidentId() : event.title())
                .put("summary", summary.toString())
                .put("visibility", "public")
                .put("mode", "standard");
        if (config.severityId() != null) {
            body.put("severity_id", config.severityId());
        }
        if (config.incidentTypeId() != null) {
            body.put("incident_type_id", config.incidentTypeId());
        }
        return body;
    }

    /** incident.io severity names by Tocsin severity, for severity changes of an incident already created. */
    static String severityName(String severity) {
        return switch (severity) {
            case "SEV1" -> "Critical";
            case "SEV2" -> "Major";
            case "SEV3" -> "Minor";
            default -> "Low";
        };
    }
}
