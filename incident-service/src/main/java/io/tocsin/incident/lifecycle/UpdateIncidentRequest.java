package io.tocsin.incident.lifecycle;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tocsin.platform.problem.FieldError;
import io.tocsin.platform.problem.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Body of {@code PATCH /api/incidents/{id}}: only the fields present change, and {@code null}
 * clears a field that may be empty (description, environment, commander, summaries).
 */
public record UpdateIncidentRequest(
        Set<String> present,
        String title,
        String description,
        Severity severity,
        IncidentStatus status,
        String mitigationSummary,
        String resolutionSummary,
        Instant resolvedAt,
        String commanderId,
        List<String> services,
        List<UUID> owners,
        String environment,
        Map<String, Object> customFields,
        Instant impactStartedAt,
        Instant detectedAt) {

    static final Set<String> FIELDS = Set.of("title", "description", "severity", "status", "mitigationSummary",
            "resolutionSummary", "resolvedAt", "commanderId", "services", "owners", "environment", "customFields",
            "impactStartedAt", "detectedAt");
    private static final Set<String> REQUIRED_WHEN_PRESENT = Set.of("title", "severity", "status", "services", "owners",
            "customFields");

    public boolean has(String field) {
        return present.contains(field);
    }

    /** Reads and checks a patch document; every problem found is reported at once. */
    public static UpdateIncidentRequest parse(JsonNode body, ObjectMapper json) {
        if (!(body instanceof ObjectNode object)) {
            throw ProblemException.invalid("body", "a JSON object is required");
        }
        Reader r = new Reader(object, json);
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                r.errors.add(new FieldError(name, "unknown field"));
            } else if (object.get(name).isNull() && REQUIRED_WHEN_PRESENT.contains(name)) {
                r.errors.add(new FieldError(name, "must not be null"));
            }
        }
        UpdateIncidentRequest request = new UpdateIncidentRequest(
                Set.copyOf(iterable(object)),
                r.text("title", Fields.TITLE_MAX, true),
                r.text("description", Fields.DESCRIPTION_MAX, false),
                r.value("severity", new TypeReference<Severity>() { }),
                r.value("status", new TypeReference<IncidentStatus>() { }),
                r.text("mitigationSummary", Fields.SUMMARY_MAX, false),
                r.text("resolutionSummary", Fields.SUMMARY_MAX, false),
                r.value("resolvedAt", new TypeReference<Instant>() { }),
                r.text("commanderId", 200, true),
                r.value("services", new TypeReference<List<String>>() { }),
                r.value("owners", new TypeReference<List<UUID>>() { }),
                r.text("environment", 100, true),
                r.value("customFields", new TypeReference<Map<String, Object>>() { }),
                r.value("impactStartedAt", new TypeReference<Instant>() { }),
                r.value("detectedAt", new TypeReference<Instant>() { }));
        if (request.services() != null) {
            IncidentRules.checkServices(request.services(), r.errors);
        }
        if (request.owners() != null && request.owners().size() > 20) {
            r.errors.add(new FieldError("owners", "size must be between 0 and 20"));
        }
        if (request.environment() != null && !request.environment().matches(Fields.ENVIRONMENT)) {
            r.errors.add(new FieldError("environment", Fields.ENVIRONMENT_MESSAGE));
        }
        if (request.customFields() != null) {
            IncidentRules.checkCustomFields(request.customFields(), r.errors);
        }
        if (!r.errors.isEmpty()) {
            throw new ProblemException(400, "validation", "Invalid request",
                    r.errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""),
                    List.copyOf(r.errors));
        }
        return request;
    }

    private static List<String> iterable(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Converts fields one by one, collecting errors instead of stopping at the first. */
    private static final class Reader {
        final ObjectNode object;
        final ObjectMapper json;
        final List<FieldError> errors = new ArrayList<>();

        Reader(ObjectNode object, ObjectMapper json) {
            this.object = object;
            this.json = json;
        }

        String text(String field, int max, boolean nonBlank) {
            JsonNode node = object.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isTextual()) {
                errors.add(new FieldError(field, "must be a string"));
                return null;
            }
            String value = node.textValue();
            if (nonBlank && value.isBlank()) {
                errors.add(new FieldError(field, "must not be blank"));
            } else if (value.length() > max) {
                errors.add(new FieldError(field, "size must be between " + (nonBlank ? 1 : 0) + " and " + max));
            }
            return value;
        }

        <T> T value(String field, TypeReference<T> type) {
            JsonNode node = object.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            try {
                return json.convertValue(node, type);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(field, describe(type)));
                return null;
            }
        }

        private static String describe(TypeReference<?> type) {
            String name = type.getType().getTypeName();
            if (name.endsWith("Severity")) {
                return "must be one of SEV1, SEV2, SEV3, SEV4";
            }
            if (name.endsWith("IncidentStatus")) {
                return "must be one of draft, declared, investigating, mitigated, resolved, dismissed";
            }
            if (name.endsWith("Instant")) {
                return "must be an ISO-8601 UTC timestamp";
            }
            if (name.contains("List<java.util.UUID>")) {
                return "must be an array of team ids (UUIDs)";
            }
            if (name.contains("List")) {
                return "must be an array of strings";
            }
            return "must be a JSON object";
        }
    }
}
