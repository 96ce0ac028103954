package io.tocsin.contracts.signals;

import java.time.Instant;
import java.util.Map;

/**
 * A metric's health as reported by a monitoring producer on {@code tocsin.metric.signals}
 * (also accepted over HTTP). {@code status} is {@code healthy|unhealthy}; {@code score} is an
 * optional anomaly score between 0 and 1.
 */
public record MetricSignal(
        String id,
        String org,
        String metric,
        String status,
        Double value,
        Double threshold,
        Instant observedAt,
        String service,
        Double score,
        Map<String, String> labels) {
}
