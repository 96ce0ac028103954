package io.tocsin.autodraft.catalogue;

import java.time.Instant;
import java.util.List;

/** A metric as the API shows it; {@code health}, {@code lastValue} and {@code unhealthySince} are read-only. */
public record MetricView(
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
        Instant createdAt,
        Instant updatedAt) {

    public static MetricView of(Metric m) {
        return new MetricView(m.slug(), m.title(), m.services(), m.threshold(), m.policy(), m.dwellSeconds(), m.severity(),
                m.health(), m.lastValue(), m.unhealthySince(), m.lastTransitionAt(), m.createdAt(), m.updatedAt());
    }
}
