package io.tocsin.notifier.incidentio.imports;

import io.tocsin.contracts.commands.ImportIncident;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an incident of incident.io's v2 API becomes an {@code import_incident} command (without its
 * command id): severity by name, status by its category, the custom fields as {@code name → value},
 * and the timestamps incident.io records by name. Everything is cut to what incident-service
 * accepts, so that a command is never dead-lettered for its shape.
 */
public final class ImportMapping {

    /** Origin of the commands, and {@code source.kind} of the incidents incident-service stores. */
    public static final String ORIGIN = "incident_io";

    static final int MAX_FIELDS = 50;
    static final int MAX_FIELD_NAME = 100;
    static final int MAX_VALUES = 100;
    static final int MAX_VALUE_LENGTH = 2_000;

    /** Custom fields whose values name the affected services. */
    private static final Set<String> SERVICE_FIELDS = Set.of("affected services", "affected service", "services", "service");
    private static final Pattern NUMBERED = Pattern.compile("^(?:sev|p)\\s*-?\\s*([0-4])\\b.*");

    private ImportMapping() {
    }

    /** The command for one listed incident; empty when it lacks an id or a creation time (it cannot be stored). */
    public static Optional<ImportIncident> command(String org, JsonObject incident) {
        String id = text(incident, "id");
        Instant declaredAt = instant(incident.getValue("created_at"));
        if (id == null || id.isBlank() || id.length() > 200 || declaredAt == null) {
            return Optional.empty();
        }
        Map<String, Object> fields = customFields(incident.getValue("custom_field_entries"));
        String status = status(incident.getValue("incident_status"));
        Map<String, Instant> times = timestamps(incident.getValue("incident_timestamp_values"));
        return Optional.of(new ImportIncident(null, org, ORIGIN, id.strip(), text(incident, "name"), text(incident, "summary"),
                severity(incident.getValue("severity")), status, services(fields),
                fields, first(times, "impact started", "impact start", "impact started at"), declaredAt,
                first(times, "acknowledged", "acknowledged at", "accepted", "accepted at"),
                "resolved".equals(status) ? first(times, "resolved", "resolved at", "fixed", "fixed at", "closed", "closed at") : null,
                text(incident, "permalink")));
    }

    /**
     * Tocsin severity of an incident.io severity: names {@code SEV1}..{@code SEV4} or {@code P1}..{@code P4}
     * (0 counts as 1) by number, else Critical SEV1, Major/High SEV2, Minor/Medium SEV3, Low/Info SEV4.
     * None or an unknown name: SEV4.
     */
    static String severity(Object severity) {
        String name = severity instanceof JsonObject object ? text(object, "name") : null;
        if (name == null) {
            return "SEV4";
        }
        String lower = name.strip().toLowerCase(Locale.ROOT);
        Matcher numbered = NUMBERED.matcher(lower);
        if (numbered.matches()) {
            return "SEV" + Math.max(1, Integer.parseInt(numbered.group(1)));
        }
        return switch (lower) {
            case "critical" -> "SEV1";
            case "major", "high" -> "SEV2";
            case "minor", "medium" -> "SEV3";
            default -> "SEV4";
        };
    }

    /**
     * Tocsin status of an incident.io status, by its category: triage → declared; live and paused →
     * investigating (mitigated when the status is named like Monitoring, Mitigated or Fixed); learning
     * and closed → resolved; declined, canceled and merged → dismissed.
     */
    static String status(Object status) {
        JsonObject object = status instanceof JsonObject found ? found : new JsonObject();
        String category = String.valueOf(text(object, "category")).toLowerCase(Locale.ROOT);
        String name = String.valueOf(text(object, "name")).toLowerCase(Locale.ROOT);
        return switch (category) {
            case "triage" -> "declared";
            case "learning", "closed", "post-incident", "post_incident" -> "resolved";
            case "declined", "canceled", "cancelled", "merged" -> "dismissed";
            default -> name.contains("monitor") || name.contains("mitigat") || name.contains("fixed") ? "mitigated"
                    : "investigating";
        };
    }

    /**
     * {@code custom_field_entries} as {@code name → value}: a multi-select (or any field holding several
     * values) becomes an array, a single value stays a scalar; numeric values are numbers; options,
     * catalog entries, texts and links give their text. Empty fields are left out.
     */
    static Map<String, Object> customFields(Object entries) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (!(entries instanceof JsonArray array)) {
            return fields;
        }
        for (Object entry : array) {
            if (!(entry instanceof JsonObject object) || fields.size() >= MAX_FIELDS) {
                continue;
            }
            JsonObject field = object.getValue("custom_field") instanceof JsonObject found ? found : new JsonObject();
            String name = text(field, "name");
            if (name == null || name.isBlank() || name.strip().length() > MAX_FIELD_NAME) {
                continue;
            }
            List<Object> values = new ArrayList<>();
            if (object.getValue("values") instanceof JsonArray given) {
                for (Object value : given) {
                    Object read = value instanceof JsonObject v ? value(v) : null;
                    if (read != null && values.size() < MAX_VALUES) {
                        values.add(read);
                    }
                }
            }
            if (values.isEmpty()) {
                continue;
            }
            boolean many = values.size() > 1 || "multi_select".equals(text(field, "field_type"));
            fields.put(name.strip(), many ? List.copyOf(values) : values.get(0));
        }
        return fields;
    }

    private static Object value(JsonObject value) {
        if (value.getValue("value_option") instanceof JsonObject option && text(option, "value") != null) {
            return cut(text(option, "value"));
        }
        if (value.getValue("value_catalog_entry") instanceof JsonObject entry && text(entry, "name") != null) {
            return cut(text(entry, "name"));
        }
        Object numeric = value.getValue("value_numeric");
        if (numeric instanceof Number number) {
            return number;
        }
        if (numeric instanceof String digits && !digits.isBlank()) {
            try {
                return new BigDecimal(digits.strip());
            } catch (NumberFormatException e) {
                return cut(digits);
            }
        }
        String text = text(value, "value_text");
        if (text == null) {
            text = text(value, "value_link");
        }
        return text == null ? null : cut(text);
    }

    /** The affected services, from a custom field named like "Affected services" (incident-service makes slugs of them). */
    static List<String> services(Map<String, Object> fields) {
        List<String> services = new ArrayList<>();
        fields.forEach((name, value) -> {
            if (services.isEmpty() && SERVICE_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
                if (value instanceof List<?> list) {
                    list.forEach(item -> services.add(String.valueOf(item)));
                } else {
                    services.add(String.valueOf(value));
                }
            }
        });
        return services;
    }

    /** {@code incident_timestamp_values} by lower-case timestamp name. */
    static Map<String, Instant> timestamps(Object values) {
        Map<String, Instant> times = new LinkedHashMap<>();
        if (!(values instanceof JsonArray array)) {
            return times;
        }
        for (Object item : array) {
            if (!(item instanceof JsonObject entry) || !(entry.getValue("incident_timestamp") instanceof JsonObject timestamp)) {
                continue;
            }
            String name = text(timestamp, "name");
            Object value = entry.getValue("value") instanceof JsonObject wrapped ? wrapped.getValue("value") : entry.getValue("value");
            Instant at = instant(value);
            if (name != null && at != null) {
                times.putIfAbsent(name.strip().toLowerCase(Locale.ROOT), at);
            }
        }
        return times;
    }

    private static Instant first(Map<String, Instant> times, String... names) {
        for (String name : names) {
            Instant at = times.get(name);
            if (at != null) {
                return at;
            }
        }
        return null;
    }

    private static Instant instant(Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text.strip()).toInstant();
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static String cut(String text) {
        return text.length() <= MAX_VALUE_LENGTH ? text : text.substring(0, MAX_VALUE_LENGTH);
    }

    private static String text(JsonObject object, String key) {
        Object value = object.getValue(key);
        return value == null ? null : value.toString();
    }
}
