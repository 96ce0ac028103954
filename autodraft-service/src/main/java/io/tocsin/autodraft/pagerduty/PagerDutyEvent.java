package io.tocsin.autodraft.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import io.tocsin.autodraft.catalogue.MetricSeverity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A PagerDuty Events API v2 event ({@code routing_key}, {@code event_action},
 * {@code dedup_key}, {@code payload{summary, source, severity, timestamp, component, group, class,
 * custom_details}}), checked the way PagerDuty checks it. Unknown fields are ignored, as PagerDuty
 * does (senders add {@code client}, {@code links}, {@code images}). No I/O.
 */
public record PagerDutyEvent(String routingKey, Action action, String dedupKey, String summary, String severity,
        Instant timestamp) {

    static final int MAX_DEDUP_KEY = 255;
    /** ISO 8601 with the offset as {@code +00:00} or {@code Z}, or as {@code +0000} (PagerDuty's own examples). */
    private static final List<DateTimeFormatter> TIMESTAMPS = List.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME,
            new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).appendOffset("+HHMM", "Z").toFormatter());
    static final int MAX_SUMMARY = 1024;

    public enum Action {
        TRIGGER, ACKNOWLEDGE, RESOLVE
    }

    /** The event is invalid; {@code errors} are PagerDuty-style messages. */
    public static final class Invalid extends RuntimeException {
        private final List<String> errors;

        Invalid(List<String> errors) {
            super(String.join("; ", errors), null, false, false);
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }

    /** PagerDuty's severities as ours: critical → critical, error → major, warning and info → minor. */
    public MetricSeverity metricSeverity() {
        if (severity == null) {
            return null;
        }
        return switch (severity) {
            case "critical" -> MetricSeverity.CRITICAL;
            case "error" -> MetricSeverity.MAJOR;
            default -> MetricSeverity.MINOR;
        };
    }

    public static PagerDutyEvent parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new Invalid(List.of("Event must be a JSON object"));
        }
        List<String> errors = new ArrayList<>();
        String routingKey = required(body, "routing_key", "routing_key", errors);
        String actionText = required(body, "event_action", "event_action", errors);
        Action action = null;
        if (actionText != null) {
            try {
                action = Action.valueOf(actionText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add("'event_action' must be one of trigger, acknowledge, resolve");
            }
        }
        String dedupKey = optional(body, "dedup_key", "dedup_key", errors);
        if (dedupKey != null && dedupKey.length() > MAX_DEDUP_KEY) {
            errors.add("'dedup_key' must be at most " + MAX_DEDUP_KEY + " characters");
        }
        boolean dedupKeyMistyped = body.hasNonNull("dedup_key") && !body.get("dedup_key").isTextual();
        if (dedupKey == null && !dedupKeyMistyped && (action == Action.ACKNOWLEDGE || action == Action.RESOLVE)) {
            errors.add("'dedup_key' is required for " + actionText + " events");
        }
        String summary = null;
        String severity = null;
        Instant timestamp = null;
        if (action == Action.TRIGGER) {
            JsonNode payload = body.get("payload");
            if (payload == null || !payload.isObject()) {
                errors.add("'payload' is missing or not an object");
            } else {
                summary = required(payload, "summary", "payload.summary", errors);
                if (summary != null && summary.length() > MAX_SUMMARY) {
                    errors.add("'payload.summary' must be at most " + MAX_SUMMARY + " characters");
                }
                required(payload, "source", "payload.source", errors);
                severity = required(payload, "severity", "payload.severity", errors);
                if (severity != null && !List.of("critical", "error", "warning", "info").contains(severity)) {
                    errors.add("'payload.severity' must be one of critical, error, warning, info");
                }
                timestamp = timestamp(payload, errors);
                for (String field : List.of("component", "group", "class")) {
                    optional(payload, field, "payload." + field, errors);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new Invalid(errors);
        }
        return new PagerDutyEvent(routingKey, action, dedupKey, summary, severity, timestamp);
    }

    /** A non-blank string, or null with one error (missing or not a string). */
    private static String required(JsonNode node, String field, String path, List<String> errors) {
        JsonNode value = node.get(field);
        if (value != null && !value.isNull() && !value.isTextual()) {
            errors.add("'" + path + "' must be a string");
            return null;
        }
        if (value == null || value.isNull() || value.asText().isBlank()) {
            errors.add("'" + path + "' is missing or blank");
            return null;
        }
        return value.asText();
    }

    /** A string or null (absent or blank); an error when present but not a string. */
    private static String optional(JsonNode node, String field, String path, List<String> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add("'" + path + "' must be a string");
            return null;
        }
        return value.asText().isBlank() ? null : value.asText();
    }

    private static Instant timestamp(JsonNode payload, List<String> errors) {
        JsonNode value = payload.get("timestamp");
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            for (DateTimeFormatter format : TIMESTAMPS) {
                try {
                    return OffsetDateTime.parse(value.asText(), format).toInstant();
                } catch (DateTimeParseException e) {
                    // try the next form, else reported below
                }
            }
        }
        errors.add("'payload.timestamp' must be an ISO 8601 timestamp, e.g. 2026-03-15T14:32:00Z");
        return null;
    }
}
