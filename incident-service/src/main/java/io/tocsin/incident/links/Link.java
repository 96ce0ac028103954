package io.tocsin.incident.links;

import java.time.Instant;
import java.util.UUID;

/** Something an incident is linked to: an alert, an error group, a trace or a deploy. */
public record Link(UUID id, UUID incidentId, LinkType type, String targetId, String url, String title, String createdBy,
        Instant createdAt) {
}
