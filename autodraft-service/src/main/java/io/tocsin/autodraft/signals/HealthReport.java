package io.tocsin.autodraft.signals;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * Body of {@code POST /api/metrics/{slug}/health}: a manual status change. {@code id} makes it
 * idempotent (generated when absent); {@code observedAt} defaults to now.
 */
public record HealthReport(@NotNull SignalStatus status, Double value, Instant observedAt,
        @Size(min = 1, max = MetricSignalFormat.MAX_TEXT) String id) {
}
