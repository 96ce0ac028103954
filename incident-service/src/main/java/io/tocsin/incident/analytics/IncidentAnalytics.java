package io.tocsin.incident.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The answer of {@code GET /api/analytics/incidents}. Durations are in seconds; a metric with no
 * measured incident has null mean and percentiles. Percentiles interpolate between neighbours
 * (PostgreSQL {@code percentile_cont}).
 */
public record IncidentAnalytics(
        Instant from,
        Instant to,
        Bucket bucket,
        Filters filters,
        long total,
        List<BucketCount> buckets,
        List<ServiceCount> topServices,
        DurationMetric mttd,
        DurationMetric mtta,
        DurationMetric mttr,
        ResponseTargets acknowledgedWithinTarget) {

    /** The filters applied (null: not filtered); a team filter includes the teams below it. */
    public record Filters(UUID team, String service, List<String> severities, String environment) {
    }

    /** Incidents declared in one week or month (starting at {@code start}, UTC), by severity. */
    public record BucketCount(Instant start, long total, Map<String, Long> bySeverity) {
    }

    public record ServiceCount(String service, long incidents) {
    }

    /**
     * One duration metric: how many incidents had both timestamps ({@code measured}), their mean,
     * median and 90th percentile, and the incidents that lacked a timestamp.
     */
    public record DurationMetric(String from, String to, long measured, Double meanSeconds, Double p50Seconds,
            Double p90Seconds, Missing missing) {
    }

    /**
     * Incidents a metric could not measure, and why; {@code incidentIds} lists the first 100 by
     * declaration time ({@code count} is the full number).
     */
    public record Missing(String reason, long count, List<UUID> incidentIds) {
    }

    /**
     * Share of incidents acknowledged within their severity's response target. {@code counted}
     * = acknowledged incidents + unacknowledged ones whose target has already passed (those missed
     * it); {@code notCounted} = unacknowledged incidents still inside their target, or resolved
     * without any acknowledgement time (typically imports lacking it). {@code share} is
     * {@code withinTarget / counted}, null when nothing is counted.
     */
    public record ResponseTargets(Map<String, String> targets, long counted, long withinTarget,
            long unacknowledgedPastTarget, long notCounted, Double share, Map<String, SeverityShare> bySeverity) {
    }

    public record SeverityShare(long incidents, long counted, long withinTarget, Double share) {
    }
}
