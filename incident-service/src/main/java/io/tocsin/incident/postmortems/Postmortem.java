package io.tocsin.incident.postmortems;

import java.time.Instant;
import java.util.UUID;

/** A postmortem of a resolved incident: a Markdown document that goes from draft to review to published. */
public record Postmortem(
        UUID id,
        UUID incidentId,
        String incidentReference,
        PostmortemStatus status,
        String body,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Instant publishedAt) {
}
