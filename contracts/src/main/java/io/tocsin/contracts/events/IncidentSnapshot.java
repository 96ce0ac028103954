package io.tocsin.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The whole incident as it is after a change; the first half of every incident event's data. */
public record IncidentSnapshot(
        UUID id,
        String org,
        String reference,
        String title,
        String description,
        String severity,
        String status,
        String environment,
        List<String> services,
        List<String> owners,
        String commanderId,
        String declaredBy,
        Source source,
        Map<String, Object> customFields,
        boolean autoDrafted,
        Instant impactStartedAt,
        Instant detectedAt,
        Instant declaredAt,
        Instant acknowledgedAt,
        Instant mitigatedAt,
        Instant resolvedAt,
        String mitigationSummary,
        String resolutionSummary,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    /** Where the incident came from: {@code manual|alert|autodraft|pagerduty|incident_io|import}. */
    public record Source(String kind, String externalId) {
    }
}
