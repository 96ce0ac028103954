package io.tocsin.autodraft.signals;

import io.tocsin.autodraft.catalogue.Slugs;
import io.tocsin.contracts.signals.MetricSignal;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the metric-signal JSON external producers send (README, SPEC §3): {@code id}, {@code org},
 * {@code metric} and {@code status} are required; unknown fields are ignored (producers may send
 * more), but a known field of the wrong type makes the signal invalid. Metric and service names
 * become slugs. No I/O.
 */
public final class MetricSignalFormat {

    static final int MAX_TEXT = 200;

    private MetricSignalFormat() {
    }

    /** Thrown with a reason naming the field. */
    public static final class InvalidSignal extends RuntimeException {
        InvalidSignal(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param fallbackId  the envelope's id (a CloudEvent's), used when the JSON has none
     * @param fallbackOrg the envelope's organisation, used when the JSON has none
     */
    public static MetricSignal parse(JsonObject json, String fallbackId, String fallbackOrg) {
        String id = text(json, "id", fallbackId);
        String org = text(json, "org", fallbackOrg);
        String metric = text(json, "metric", null);
        String status = text(json, "status", null);
        require(id, "id");
        require(org, "org");
        require(metric, "metric");
        require(status, "status");
        if (!status.equals("healthy") && !status.equals("unhealthy")) {
            throw new InvalidSignal("status must be healthy or unhealthy");
        }
        Double score = number(json, "score");
        if (score != null && (score < 0 || score > 1)) {
            throw new InvalidSignal("score must be between 0 and 1");
        }
        String service = text(json, "service", null);
        return new MetricSignal(id, org, Slugs.fromExternal(metric), status, number(json, "value"), number(json, "threshold"),
                timestamp(json, "observedAt"), service == null || service.isBlank() ? null : Slugs.fromExternal(service), score,
                labels(json));
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidSignal(field + " is required");
        }
    }

    private static String text(JsonObject json, String field, String fallback) {
        Object value = json.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String text)) {
            throw new InvalidSignal(field + " must be a string");
        }
        if (text.length() > MAX_TEXT) {
            throw new InvalidSignal(field + " must be at most " + MAX_TEXT + " characters");
        }
        return text;
    }

    private static Double number(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
            throw new InvalidSignal(field + " must be a number");
        }
        return number.doubleValue();
    }

    private static Instant timestamp(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                // falls through to the error below
            }
        }
        throw new InvalidSignal(field + " must be an ISO-8601 timestamp with an offset, e.g. 2026-03-15T14:32:00Z");
    }

    private static Map<String, String> labels(JsonObject json) {
        Object value = json.getValue("labels");
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject object)) {
            throw new InvalidSignal("labels must be an object");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        object.forEach(entry -> labels.put(entry.getKey(), entry.getValue() == null ? null : entry.getValue().toString()));
        return labels;
    }
}
