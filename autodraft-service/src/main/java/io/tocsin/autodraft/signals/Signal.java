package io.tocsin.autodraft.signals;

import io.tocsin.autodraft.catalogue.MetricSeverity;
import io.tocsin.contracts.signals.MetricSignal;
import java.time.Instant;

/**
 * One health report, whatever door it came in by, normalised to the metric signal of SPEC §3
 * (metric and service as slugs) plus the severity an external tool named, if any.
 *
 * @param observedAt null means "now"
 * @param severity   a severity label or PagerDuty severity; null lets the score or the metric decide
 */
public record Signal(String id, String org, String metric, SignalStatus status, Double value, Double threshold,
        Instant observedAt, String service, Double score, MetricSeverity severity, SignalSource source) {

    public static Signal of(MetricSignal signal, SignalSource source) {
        return new Signal(signal.id(), signal.org(), signal.metric(), SignalStatus.fromWire(signal.status()), signal.value(),
                signal.threshold(), signal.observedAt(), signal.service(), signal.score(), null, source);
    }
}
