package io.tocsin.incident.timeline;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An immutable entry on an incident's timeline, as the API shows it. */
public record TimelineEntry(
        UUID id,
        UUID incidentId,
        long position,
        EntryKind kind,
        EntryType type,
        String message,
        String authorId,
        Map<String, Object> data,
        Instant occurredAt) {
}
