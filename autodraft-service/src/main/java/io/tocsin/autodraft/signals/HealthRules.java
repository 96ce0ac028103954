package io.tocsin.autodraft.signals;

import io.tocsin.autodraft.catalogue.Health;
import io.tocsin.autodraft.catalogue.Metric;
import io.tocsin.autodraft.catalogue.MetricSeverity;
import java.time.Instant;

/** How a signal changes a metric's health (SPEC §5.2). No I/O. */
public final class HealthRules {

    /** An unhealthy signal whose anomaly score is below this counts as healthy. */
    public static final double HEALTHY_BELOW = 0.4;

    private HealthRules() {
    }

    /** The health a signal stands for: an unhealthy report with a score below 0.4 counts as healthy. */
    public static Health reported(SignalStatus status, Double score) {
        if (status == SignalStatus.UNHEALTHY && score != null && score < HEALTHY_BELOW) {
            return Health.HEALTHY;
        }
        return status.health();
    }

    /** 0.8–1.0 critical, 0.6–0.8 major, 0.4–0.6 minor; null without a score or below 0.4. */
    public static MetricSeverity severityOfScore(Double score) {
        if (score == null || score < HEALTHY_BELOW) {
            return null;
        }
        if (score >= 0.8) {
            return MetricSeverity.CRITICAL;
        }
        return score >= 0.6 ? MetricSeverity.MAJOR : MetricSeverity.MINOR;
    }

    /** The severity a signal carries for a draft: an explicit one first, else its score's, else none. */
    public static MetricSeverity severityOf(Signal signal) {
        return signal.severity() != null ? signal.severity() : severityOfScore(signal.score());
    }

    /**
     * Stale when observed before the metric's last transition; unchanged when it reports the
     * current health; otherwise a transition (a flip when it turns the metric unhealthy).
     */
    public static SignalOutcome assess(Metric metric, Health reported, Instant observedAt) {
        if (metric.lastTransitionAt() != null && observedAt.isBefore(metric.lastTransitionAt())) {
            return SignalOutcome.STALE;
        }
        return reported == metric.health() ? SignalOutcome.UNCHANGED : SignalOutcome.TRANSITION;
    }
}
