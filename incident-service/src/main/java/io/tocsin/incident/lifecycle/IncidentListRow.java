package io.tocsin.incident.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One row of the incident list: enough to scan, with the duration so far (or in total once resolved). */
public record IncidentListRow(
        UUID id,
        String reference,
        String title,
        IncidentStatus status,
        Severity severity,
        List<String> services,
        String environment,
        String commanderId,
        Instant declaredAt,
        Instant resolvedAt,
        Long durationSeconds,
        Instant lastUpdateAt,
        Instant createdAt) {

    static IncidentListRow of(Incident i, Instant now) {
        Long duration = null;
        if (i.declaredAt() != null) {
            Instant end = i.resolvedAt() != null ? i.resolvedAt() : now;
            duration = Math.max(0, Duration.between(i.declaredAt(), end).toSeconds());
        }
        return new IncidentListRow(i.id(), i.reference(), i.title(), i.status(), i.severity(), i.services(),
                i.environment(), i.commanderId(), i.declaredAt(), i.resolvedAt(), duration, i.lastUpdateAt(),
                i.createdAt());
    }
}
