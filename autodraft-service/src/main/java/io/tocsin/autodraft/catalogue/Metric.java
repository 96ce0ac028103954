package io.tocsin.autodraft.catalogue;

import java.time.Instant;
import java.util.List;

/**
 * A metric of an organisation: its auto-draft settings and its current health, with what the
 * scheduling rules need to remember (the flip's severity and score, the transition count, and the
 * times that start a cooldown).
 */
public record Metric(
        String org,
        String slug,
        String title,
        List<String> services,
        String threshold,
        Policy policy,
        int dwellSeconds,
        MetricSeverity severity,
        Health health,
        Double lastValue,
        Instant unhealthySince,
        Instant lastTransitionAt,
        long transitionSeq,
        MetricSeverity flipSeverity,
        Double flipScore,
        Instant lastDraftRequestedAt,
        Instant lastDraftedAt,
        Instant lastDismissedAt,
        Instant createdAt,
        Instant updatedAt) {

    public static final int DEFAULT_DWELL_SECONDS = 300;
    public static final MetricSeverity DEFAULT_SEVERITY = MetricSeverity.MAJOR;

    /** A metric first named by a signal: shown in lists, but auto-drafting stays off until an admin turns it on. */
    public static Metric registered(String org, String slug, List<String> services, String threshold, Instant now) {
        return new Metric(org, slug, slug, services, threshold, Policy.OFF, DEFAULT_DWELL_SECONDS, DEFAULT_SEVERITY,
                Health.UNKNOWN, null, null, null, 0, null, null, null, null, null, now, now);
    }

    /** The metric after a health transition reported by a signal observed at {@code observedAt}. */
    public Metric transitioned(Health to, Double value, Instant observedAt, MetricSeverity signalSeverity, Double score,
            Instant now) {
        boolean flip = to == Health.UNHEALTHY;
        return new Metric(org, slug, title, services, threshold, policy, dwellSeconds, severity, to, value,
                flip ? observedAt : null, observedAt, transitionSeq + 1, flip ? signalSeverity : null, flip ? score : null,
                lastDraftRequestedAt, lastDraftedAt, lastDismissedAt, createdAt, now);
    }

    /** The severity of a draft for the current flip: the signal's own when it carried one, else the configured one. */
    public MetricSeverity draftSeverity() {
        return flipSeverity != null ? flipSeverity : severity;
    }

    /** The settings an admin controls, for comparing and auditing. */
    public PolicySettings policySettings() {
        return new PolicySettings(policy, dwellSeconds, severity);
    }

    /** The part of a metric's settings whose changes are audited. */
    public record PolicySettings(Policy policy, int dwellSeconds, MetricSeverity severity) {
    }
}
