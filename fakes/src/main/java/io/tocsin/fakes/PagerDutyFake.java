package io.tocsin.fakes;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A stand-in for the PagerDuty Events API v2 ({@code POST /v2/enqueue}): it validates events as PagerDuty does
 * (400 {@code invalid event} with the errors) and keeps PagerDuty's de-duplication, so that what a test or a user
 * reads is what PagerDuty would show: a trigger opens an incident for its {@code dedup_key} unless one is already
 * open (then it is merged into it), acknowledge and resolve act on the open one.
 */
public final class PagerDutyFake {

    public static final String NAME = "pagerduty";
    private static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

    /** What PagerDuty would hold for one dedup key: how often it was opened, its status, and every action received. */
    public record Incident(String dedupKey, String status, int opened, String summary, List<String> actions) {

        public JsonObject toJson() {
            return new JsonObject().put("dedupKey", dedupKey).put("status", status).put("opened", opened)
                    .put("summary", summary).put("actions", new JsonArray(actions));
        }
    }

    private final Map<String, Incident> incidents = new LinkedHashMap<>();

    Reply handle(Recorded request) {
        if (!"POST".equals(request.method()) || !request.path().startsWith("/v2/enqueue")) {
            return Reply.json(404, new JsonObject().put("status", "not found").put("message", "only POST /v2/enqueue is faked"));
        }
        JsonObject event;
        try {
            event = new JsonObject(request.body());
        } catch (RuntimeException e) {
            return invalid(List.of("Event object is not valid JSON"));
        }
        List<String> errors = new ArrayList<>();
        String action = event.getString("event_action");
        String dedupKey = event.getString("dedup_key");
        JsonObject payload = event.getJsonObject("payload");
        if (isBlank(event.getString("routing_key"))) {
            errors.add("'routing_key' is missing or blank");
        }
        if (!ACTIONS.contains(action)) {
            errors.add("'event_action' must be one of trigger, acknowledge, resolve");
        }
        if ("trigger".equals(action)) {
            if (payload == null) {
                errors.add("'payload' is missing");
            } else {
                if (isBlank(payload.getString("summary")) || payload.getString("summary").length() > 1024) {
                    errors.add("'payload.summary' is missing or longer than 1024 characters");
                }
                if (isBlank(payload.getString("source"))) {
                    errors.add("'payload.source' is missing");
                }
                if (!SEVERITIES.contains(payload.getString("severity"))) {
                    errors.add("'payload.severity' must be one of critical, error, warning, info");
                }
            }
        } else if (action != null && isBlank(dedupKey)) {
            errors.add("'dedup_key' is required for " + action);
        }
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        String key = isBlank(dedupKey) ? UUID.randomUUID().toString() : dedupKey;
        apply(key, action, payload);
        return Reply.json(202, new JsonObject().put("status", "success").put("message", "Event processed").put("dedup_key", key));
    }

    private synchronized void apply(String key, String action, JsonObject payload) {
        Incident current = incidents.get(key);
        List<String> actions = new ArrayList<>(current == null ? List.of() : current.actions());
        actions.add(action);
        boolean open = current != null && !"resolved".equals(current.status());
        String summary = payload != null ? payload.getString("summary") : current == null ? null : current.summary();
        int opened = current == null ? 0 : current.opened();
        String status = current == null ? "none" : current.status();
        switch (action) {
            case "trigger" -> {
                if (!open) {
                    opened++;
                    status = "triggered";
                }
            }
            case "acknowledge" -> status = open ? "acknowledged" : status;
            default -> status = open ? "resolved" : status;
        }
        incidents.put(key, new Incident(key, status, opened, summary, List.copyOf(actions)));
    }

    /** Every dedup key seen, in the order first seen. */
    public synchronized List<Incident> incidents() {
        return List.copyOf(incidents.values());
    }

    public synchronized Incident incident(String dedupKey) {
        return incidents.get(dedupKey);
    }

    public JsonArray toJson() {
        JsonArray array = new JsonArray();
        incidents().forEach(i -> array.add(i.toJson()));
        return array;
    }

    private static Reply invalid(List<String> errors) {
        return Reply.json(400, new JsonObject().put("status", "invalid event").put("message", "Event object is invalid")
                .put("errors", new JsonArray(errors)));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
