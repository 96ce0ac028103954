package io.tocsin.autodraft.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import io.tocsin.autodraft.catalogue.MetricSeverity;
import io.tocsin.autodraft.catalogue.Slugs;
import io.tocsin.autodraft.signals.Signal;
import io.tocsin.autodraft.signals.SignalSource;
import io.tocsin.autodraft.signals.SignalStatus;
import io.tocsin.platform.problem.FieldError;
import io.tocsin.platform.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a Prometheus Alertmanager webhook (format version 4) into signals. No I/O.
 *
 * <p>An alert names its metric by the label {@code tocsin_metric}, else {@code alertname}
 * (slugified), its service by the label {@code service}, and its severity by the label
 * {@code severity} when that is {@code critical|major|minor}. Alertmanager sends every alert of a
 * group, firing and just resolved, in one notification; the alerts of one metric are read
 * together: the metric is unhealthy while any of them fires (the latest-started firing alert is
 * the signal), healthy when all are resolved (the latest-ended one is the signal). A signal's id is
 * the alert's fingerprint, status and start (firing) or end (resolved) time, so Alertmanager's
 * repeated notifications of the same alert are duplicates. Unknown fields are ignored (Alertmanager
 * adds some over versions); a malformed notification is refused as a whole.
 */
public final class AlertmanagerWebhook {

    public static final String METRIC_LABEL = "tocsin_metric";
    static final int MAX_ALERTS = 1000;

    private AlertmanagerWebhook() {
    }

    record Alert(SignalStatus status, Map<String, String> labels, Instant startsAt, Instant endsAt, String fingerprint,
            String metric) {

        Instant observedAt() {
            return status == SignalStatus.UNHEALTHY ? startsAt : endsAt;
        }

        String signalId() {
            return "am:" + fingerprint + ":" + (status == SignalStatus.UNHEALTHY ? "firing:" + startsAt : "resolved:" + endsAt);
        }

        String service() {
            String service = labels.get("service");
            return service == null || service.isBlank() ? null : Slugs.fromExternal(service);
        }

        MetricSeverity severity() {
            return MetricSeverity.fromLabel(labels.get("severity")).orElse(null);
        }
    }

    /** The signals of a notification, one per metric; 400 (naming every bad field) when it is malformed. */
    public static List<Signal> signals(JsonNode body, String org) {
        List<Alert> alerts = read(body);
        Map<String, List<Alert>> byMetric = new LinkedHashMap<>();
        alerts.forEach(alert -> byMetric.computeIfAbsent(alert.metric(), m -> new ArrayList<>()).add(alert));
        List<Signal> signals = new ArrayList<>();
        byMetric.forEach((metric, group) -> signals.add(signalOf(org, metric, group)));
        return signals;
    }

    private static Signal signalOf(String org, String metric, List<Alert> group) {
        List<Alert> firing = group.stream().filter(a -> a.status() == SignalStatus.UNHEALTHY).toList();
        Alert chosen = (firing.isEmpty() ? group : firing).stream()
                .max(Comparator.comparing(Alert::observedAt).thenComparing(Alert::fingerprint)).orElseThrow();
        List<Alert> considered = firing.isEmpty() ? group : firing;
        MetricSeverity severity = null;
        for (Alert alert : considered) {
            severity = MetricSeverity.max(severity, alert.severity());
        }
        String service = chosen.service() != null ? chosen.service()
                : considered.stream().map(Alert::service).filter(s -> s != null).findFirst().orElse(null);
        return new Signal(chosen.signalId(), org, metric, chosen.status(), null, null, chosen.observedAt(), service, null,
                severity, SignalSource.ALERTMANAGER);
    }

    private static List<Alert> read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "an Alertmanager webhook (a JSON object) is required");
        }
        List<FieldError> errors = new ArrayList<>();
        JsonNode version = body.get("version");
        if (version == null || !version.isTextual() || !version.asText().equals("4")) {
            errors.add(new FieldError("version", "must be \"4\" (Alertmanager webhook format version 4)"));
        }
        JsonNode status = body.get("status");
        if (status != null && !status.isNull() && !(status.isTextual() && isStatus(status.asText()))) {
            errors.add(new FieldError("status", "must be firing or resolved"));
        }
        JsonNode items = body.get("alerts");
        List<Alert> alerts = new ArrayList<>();
        if (items == null || !items.isArray()) {
            errors.add(new FieldError("alerts", "must be an array of alerts"));
        } else if (items.size() > MAX_ALERTS) {
            errors.add(new FieldError("alerts", "at most " + MAX_ALERTS + " alerts per notification"));
        } else {
            for (int i = 0; i < items.size(); i++) {
                Alert alert = alert(items.get(i), "alerts[" + i + "]", errors);
                if (alert != null) {
                    alerts.add(alert);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "validation", "Invalid request",
                    errors.get(0).field() + ": " + errors.get(0).message(), errors);
        }
        return alerts;
    }

    private static Alert alert(JsonNode node, String at, List<FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(at, "must be an alert object"));
            return null;
        }
        int before = errors.size();
        JsonNode statusNode = node.get("status");
        SignalStatus status = null;
        if (statusNode == null || !statusNode.isTextual() || !isStatus(statusNode.asText())) {
            errors.add(new FieldError(at + ".status", "must be firing or resolved"));
        } else {
            status = statusNode.asText().equals("firing") ? SignalStatus.UNHEALTHY : SignalStatus.HEALTHY;
        }
        Map<String, String> labels = labels(node.get("labels"), at + ".labels", errors);
        String name = labels == null ? null : labels.getOrDefault(METRIC_LABEL, labels.get("alertname"));
        if (labels != null && (name == null || name.isBlank())) {
            errors.add(new FieldError(at + ".labels", "needs a " + METRIC_LABEL + " or alertname label"));
        }
        Instant startsAt = time(node.get("startsAt"), at + ".startsAt", true, errors);
        Instant endsAt = time(node.get("endsAt"), at + ".endsAt", status == SignalStatus.HEALTHY, errors);
        JsonNode fingerprint = node.get("fingerprint");
        if (fingerprint != null && !fingerprint.isNull() && !(fingerprint.isTextual() && !fingerprint.asText().isBlank()
                && fingerprint.asText().length() <= 100)) {
            errors.add(new FieldError(at + ".fingerprint", "must be a non-blank string of at most 100 characters"));
        }
        if (errors.size() > before) {
            return null;
        }
        String print = fingerprint == null || fingerprint.isNull() ? fingerprintOf(labels) : fingerprint.asText();
        return new Alert(status, labels, startsAt, endsAt, print, Slugs.fromExternal(name));
    }

    private static boolean isStatus(String value) {
        return value.equals("firing") || value.equals("resolved");
    }

    private static Map<String, String> labels(JsonNode node, String at, List<FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(at, "must be an object of string labels"));
            return null;
        }
        Map<String, String> labels = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> label = it.next();
            if (!label.getValue().isTextual()) {
                errors.add(new FieldError(at + "." + label.getKey(), "must be a string"));
                return null;
            }
            labels.put(label.getKey(), label.getValue().asText());
        }
        return labels;
    }

    private static Instant time(JsonNode node, String at, boolean required, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError(at, "is required (RFC 3339 timestamp)"));
            }
            return null;
        }
        if (node.isTextual()) {
            try {
                return OffsetDateTime.parse(node.asText()).toInstant();
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        errors.add(new FieldError(at, "must be an RFC 3339 timestamp, e.g. 2026-03-15T14:32:00Z"));
        return null;
    }

    /** Alertmanager's fingerprint identifies an alert by its labels; without one, a hash of the sorted labels. */
    private static String fingerprintOf(Map<String, String> labels) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            labels.forEach((key, value) -> digest.update((key + "\u0000" + value + "\u0000").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
