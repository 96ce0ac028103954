package io.tocsin.contracts.commands;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Commands {@code external_acknowledged}, {@code external_resolved}, {@code external_reassigned}
 * and {@code external_reopened} (notifier-service → incident-service): something happened to the
 * incident in an external tool. {@code origin} names the tool ({@code pagerduty},
 * {@code incident_io}); the events incident-service emits for the change carry it, so that the
 * tool is not sent its own change back.
 *
 * @param externalId the tool's id of its incident or event
 * @param note       the resolution note (resolved), else optional
 * @param assignees  who the incident is now assigned to (reassigned)
 */
public record ExternalChange(
        String commandId,
        String org,
        String origin,
        UUID incidentId,
        String externalId,
        ExternalActor by,
        Instant at,
        String note,
        List<ExternalActor> assignees) {
}
