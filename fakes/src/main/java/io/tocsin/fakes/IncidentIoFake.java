package io.tocsin.fakes;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the parts of the incident.io API Tocsin uses: severities and incident statuses to look ids up
 * by name, creating incidents ({@code POST /v2/incidents}, idempotent by {@code idempotency_key}), editing their
 * status or severity, and listing them with {@code page_size} / {@code after} paging. Every call needs a bearer
 * token (any non-blank one), as the real API does.
 */
public final class IncidentIoFake {

    public static final String NAME = "incident-io";
    private static final Pattern EDIT = Pattern.compile("^/v2/incidents/([^/?]+)/actions/edit$");
    private static final Pattern ONE = Pattern.compile("^/v2/incidents/([^/?]+)$");
    private static final JsonArray SEVERITIES = new JsonArray()
            .add(severity("sev-critical", "Critical", 1)).add(severity("sev-major", "Major", 2))
            .add(severity("sev-minor", "Minor", 3)).add(severity("sev-low", "Low", 4));
    private static final JsonArray STATUSES = new JsonArray()
            .add(status("st-triage", "Triage", "triage")).add(status("st-investigating", "Investigating", "live"))
            .add(status("st-fixing", "Fixing", "live")).add(status("st-monitoring", "Monitoring", "live"))
            .add(status("st-resolved", "Resolved", "closed")).add(status("st-closed", "Closed", "closed"));

    private final Clock clock;
    private final Map<String, JsonObject> incidents = new LinkedHashMap<>();
    private final Map<String, String> byIdempotencyKey = new LinkedHashMap<>();

    IncidentIoFake(Clock clock) {
        this.clock = clock;
    }

    Reply handle(Recorded request) {
        String auth = request.header("authorization");
        if (auth == null || !auth.startsWith("Bearer ") || auth.substring(7).isBlank()) {
            return Reply.json(401, new JsonObject().put("type", "authentication_error").put("status", 401)
                    .put("errors", new JsonArray().add(new JsonObject().put("message", "Missing or invalid API key"))));
        }
        String path = request.path().contains("?") ? request.path().substring(0, request.path().indexOf('?')) : request.path();
        String method = request.method();
        if ("GET".equals(method) && path.equals("/v1/severities")) {
            return Reply.json(200, new JsonObject().put("severities", SEVERITIES.copy()));
        }
        if ("GET".equals(method) && path.equals("/v1/incident_statuses")) {
            return Reply.json(200, new JsonObject().put("incident_statuses", STATUSES.copy()));
        }
        if ("POST".equals(method) && path.equals("/v2/incidents")) {
            return create(request.json());
        }
        if ("GET".equals(method) && path.equals("/v2/incidents")) {
            return list(Query.of(request.path()));
        }
        Matcher edit = EDIT.matcher(path);
        if ("POST".equals(method) && edit.matches()) {
            return edit(edit.group(1), request.json());
        }
        Matcher one = ONE.matcher(path);
        if ("GET".equals(method) && one.matches()) {
            JsonObject found = get(one.group(1));
            return found == null ? notFound() : Reply.json(200, new JsonObject().put("incident", found));
        }
        return notFound();
    }

    private synchronized Reply create(JsonObject body) {
        List<String> errors = new ArrayList<>();
        if (blank(body.getString("idempotency_key"))) {
            errors.add("idempotency_key is required");
        }
        if (blank(body.getString("visibility"))) {
            errors.add("visibility is required");
        }
        JsonObject severity = find(SEVERITIES, body.getString("severity_id"));
        if (body.getString("severity_id") != null && severity == null) {
            errors.add("severity_id does not exist");
        }
        if (!errors.isEmpty()) {
            JsonArray list = new JsonArray();
            errors.forEach(e -> list.add(new JsonObject().put("message", e)));
            return Reply.json(422, new JsonObject().put("type", "validation_error").put("status", 422).put("errors", list));
        }
        String existing = byIdempotencyKey.get(body.getString("idempotency_key"));
        if (existing != null) {
            return Reply.json(201, new JsonObject().put("incident", incidents.get(existing).copy()));
        }
        String id = String.format("01FAKE%020d", incidents.size() + 1);
        String now = clock.instant().toString();
        JsonObject incident = new JsonObject().put("id", id).put("reference", "INC-" + (incidents.size() + 1))
                .put("name", body.getString("name", "(untitled)")).put("summary", body.getString("summary"))
                .put("mode", body.getString("mode", "standard")).put("visibility", body.getString("visibility"))
                .put("severity", severity == null ? SEVERITIES.getJsonObject(0).copy() : severity.copy())
                .put("incident_status", STATUSES.getJsonObject(1).copy())
                .put("custom_field_entries", new JsonArray()).put("created_at", now).put("updated_at", now);
        incidents.put(id, incident);
        byIdempotencyKey.put(body.getString("idempotency_key"), id);
        return Reply.json(201, new JsonObject().put("incident", incident.copy()));
    }

    private synchronized Reply edit(String id, JsonObject body) {
        JsonObject incident = incidents.get(id);
        if (incident == null) {
            return notFound();
        }
        JsonObject changes = body.getJsonObject("incident", new JsonObject());
        if (changes.containsKey("incident_status_id")) {
            JsonObject status = find(STATUSES, changes.getString("incident_status_id"));
            if (status == null) {
                return Reply.json(422, new JsonObject().put("type", "validation_error").put("status", 422)
                        .put("errors", new JsonArray().add(new JsonObject().put("message", "incident_status_id does not exist"))));
            }
            incident.put("incident_status", status.copy());
        }
        if (changes.containsKey("severity_id")) {
            JsonObject severity = find(SEVERITIES, changes.getString("severity_id"));
            if (severity == null) {
                return Reply.json(422, new JsonObject().put("type", "validation_error").put("status", 422)
                        .put("errors", new JsonArray().add(new JsonObject().put("message", "severity_id does not exist"))));
            }
            incident.put("severity", severity.copy());
        }
        incident.put("updated_at", clock.instant().toString());
        return Reply.json(200, new JsonObject().put("incident", incident.copy()));
    }

    private synchronized Reply list(Query query) {
        int pageSize = Math.max(1, Math.min(250, query.intValue("page_size", 25)));
        List<JsonObject> all = new ArrayList<>(incidents.values());
        int start = 0;
        String after = query.value("after");
        if (after != null) {
            start = all.size();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).getString("id").equals(after)) {
                    start = i + 1;
                }
            }
        }
        List<JsonObject> page = all.subList(Math.min(start, all.size()), Math.min(start + pageSize, all.size()));
        JsonObject meta = new JsonObject().put("page_size", pageSize).put("total_record_count", all.size());
        if (start + pageSize < all.size()) {
            meta.put("after", page.get(page.size() - 1).getString("id"));
        }
        JsonArray items = new JsonArray();
        page.forEach(i -> items.add(i.copy()));
        return Reply.json(200, new JsonObject().put("incidents", items).put("pagination_meta", meta));
    }

    /** An incident as the fake holds it, or null. */
    public synchronized JsonObject get(String id) {
        JsonObject found = incidents.get(id);
        return found == null ? null : found.copy();
    }

    /** Every incident created, oldest first. */
    public synchronized List<JsonObject> incidents() {
        return incidents.values().stream().map(JsonObject::copy).toList();
    }

    public JsonArray toJson() {
        return new JsonArray(new ArrayList<>(incidents()));
    }

    private static Reply notFound() {
        return Reply.json(404, new JsonObject().put("type", "not_found").put("status", 404)
                .put("errors", new JsonArray().add(new JsonObject().put("message", "Not found"))));
    }

    private static JsonObject find(JsonArray list, String id) {
        for (Object entry : list) {
            if (entry instanceof JsonObject object && object.getString("id").equals(id)) {
                return object;
            }
        }
        return null;
    }

    private static JsonObject severity(String id, String name, int rank) {
        return new JsonObject().put("id", id).put("name", name).put("rank", rank);
    }

    private static JsonObject status(String id, String name, String category) {
        return new JsonObject().put("id", id).put("name", name).put("category", category);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
