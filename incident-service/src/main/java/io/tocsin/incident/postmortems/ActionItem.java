package io.tocsin.incident.postmortems;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Something to do after an incident, tracked to completion. {@code teamIds} are the teams whose
 * open list shows it: the team given when it was created, else the teams the incident counts for.
 */
public record ActionItem(
        UUID id,
        UUID postmortemId,
        UUID incidentId,
        String incidentReference,
        String title,
        String ownerId,
        LocalDate dueDate,
        List<UUID> teamIds,
        ActionItemStatus status,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt) {
}
