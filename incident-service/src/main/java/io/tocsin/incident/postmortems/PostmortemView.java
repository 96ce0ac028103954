package io.tocsin.incident.postmortems;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A postmortem as {@code GET /api/incidents/{id}/postmortem} shows it: the document and its action items. */
public record PostmortemView(
        UUID id,
        UUID incidentId,
        String incidentReference,
        PostmortemStatus status,
        String body,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Instant publishedAt,
        List<ActionItem> actionItems) {

    static PostmortemView of(Postmortem p, List<ActionItem> items) {
        return new PostmortemView(p.id(), p.incidentId(), p.incidentReference(), p.status(), p.body(), p.version(),
                p.createdAt(), p.updatedAt(), p.publishedAt(), items);
    }
}
