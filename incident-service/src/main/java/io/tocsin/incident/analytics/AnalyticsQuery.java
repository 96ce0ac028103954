package io.tocsin.incident.analytics;

import io.tocsin.incident.lifecycle.Severity;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * What {@code GET /api/analytics/incidents} asks for: incidents declared in [{@code from},
 * {@code to}) matching every filter given; {@code now} decides which unacknowledged incidents
 * have already missed their response target.
 */
public record AnalyticsQuery(
        String org,
        Instant from,
        Instant to,
        UUID team,
        String service,
        Set<Severity> severities,
        String environment,
        Bucket bucket,
        Instant now) {
}
