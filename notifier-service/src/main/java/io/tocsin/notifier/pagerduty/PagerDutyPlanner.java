package io.tocsin.notifier.pagerduty;

import io.tocsin.notifier.events.IncidentEventData;
import io.tocsin.notifier.events.IncidentState;
import io.tocsin.notifier.events.Moments;
import io.tocsin.notifier.events.Severity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * When an incident event pages PagerDuty (Events API v2), and with what. A published incident at
 * or above the organisation's minimum severity is triggered when it goes live (created published,
 * published, reopened) or when its severity is raised to the minimum; a triggered one is resolved
 * when it is resolved. A change PagerDuty itself caused ({@code change.origin = pagerduty}) is not
 * sent back, but still moves what we remember (a reopen in PagerDuty leaves it open there). Incidents
 * imported from incident.io are never paged.
 */
public final class PagerDutyPlanner {

    public static final String ORIGIN = "pagerduty";
    public static final int SUMMARY_LIMIT = 1024;

    private PagerDutyPlanner() {
    }

    /** What to send (if anything) and the incident's PagerDuty state afterwards. */
    public record Decision(Optional<Send> send, boolean openAfter, String keyAfter) {
    }

    /** An Events API v2 body without its {@code routing_key}, which travels sealed beside it. */
    public record Send(String action, JsonObject body, String routingKey) {
    }

    public static Decision plan(IncidentEventData event, PagerDutyConfig config, IncidentState state, String publicUrl) {
        boolean open = state.pagerDutyOpen();
        if (event.importedFromIncidentIo()) {
            // Run in incident.io and imported for analytics: whoever is on call there was paged there.
            return new Decision(Optional.empty(), open, state.pagerDutyKey());
        }
        boolean echo = ORIGIN.equals(event.origin());
        if (Moments.isResolved(event)) {
            if (!open) {
                return new Decision(Optional.empty(), false, null);
            }
            Optional<Send> send = echo ? Optional.empty()
                    : Optional.of(new Send("resolve", resolve(event), state.pagerDutyKey()));
            return new Decision(send, false, null);
        }
        if (echo && Moments.isReopen(event)) {
            return new Decision(Optional.empty(), true, state.pagerDutyKey());
        }
        boolean pages = !open && !echo && config.canPage() && Moments.isOpen(event)
                && Severity.atLeast(event.severity(), config.minimumSeverity())
                && (Moments.wentLive(event) || Moments.isSeverityChange(event));
        if (!pages) {
            return new Decision(Optional.empty(), open, state.pagerDutyKey());
        }
        Optional<String> key = RoutingRules.keyFor(config.routingRules(), event.services(), config.serviceKey());
        if (key.isEmpty()) {
            return new Decision(Optional.empty(), open, state.pagerDutyKey());
        }
        return new Decision(Optional.of(new Send("trigger", trigger(event, state.lastScore(), publicUrl), key.get())), true,
                key.get());
    }

    public static String dedupKey(IncidentEventData event) {
        return "tocsin-" + event.incidentId();
    }

    static JsonObject resolve(IncidentEventData event) {
        return new JsonObject().put("event_action", "resolve").put("dedup_key", dedupKey(event));
    }

    static JsonObject trigger(IncidentEventData event, Double score, String publicUrl) {
        JsonObject payload = new JsonObject()
                .put("summary", summary(event))
                .put("severity", severity(event.severity(), score))
                .put("source", "tocsin");
        if (!event.services().isEmpty()) {
            payload.put("component", event.services().get(0));
        }
        if (event.environment() != null && !event.environment().isBlank()) {
            payload.put("group", event.environment());
        }
        payload.put("custom_details", customDetails(event, publicUrl));
        return new JsonObject().put("event_action", "trigger").put("dedup_key", dedupKey(event)).put("payload", payload);
    }

    private static JsonObject customDetails(IncidentEventData event, String publicUrl) {
        JsonObject fields = event.customFields();
        JsonObject details = new JsonObject().put("incident_id", event.incidentId().toString());
        if (event.reference() != null) {
            details.put("reference", event.reference());
        }
        putField(details, "root_cause", fields, "root_cause", "rootCause");
        details.put("blast_radius", new JsonArray(event.services()));
        putField(details, "suggested_actions", fields, "suggested_actions", "suggestedActions");
        putField(details, "rca_confidence", fields, "rca_confidence", "rcaConfidence");
        details.put("tocsin_url", publicUrl.replaceAll("/+$", "") + "/api/incidents/" + event.incidentId());
        return details;
    }

    private static void putField(JsonObject details, String key, JsonObject fields, String... names) {
        for (String name : names) {
            Object value = fields.getValue(name);
            if (value != null) {
                details.put(key, value);
                return;
            }
        }
    }

    static String summary(IncidentEventData event) {
        String title = event.title() == null ? "Incident" : event.title();
        String summary = event.reference() == null ? title : event.reference() + ": " + title;
        return summary.length() <= SUMMARY_LIMIT ? summary : summary.substring(0, SUMMARY_LIMIT - 1) + "…";
    }

    /**
     * PagerDuty severity: from the anomaly score when one is known (0.8–1 critical, 0.6–0.8 error,
     * 0.4–0.6 warning), else from the incident's severity (SEV1 critical … SEV4 info).
     */
    public static String severity(String tocsinSeverity, Double score) {
        if (score != null && score >= 0.4) {
            return score >= 0.8 ? "critical" : score >= 0.6 ? "error" : "warning";
        }
        return switch (tocsinSeverity == null ? "" : tocsinSeverity) {
            case "SEV1" -> "critical";
            case "SEV2" -> "error";
            case "SEV3" -> "warning";
            default -> "info";
        };
    }
}
