package io.tocsin.notifier.incidentio;

import jakarta.validation.constraints.Size;

/**
 * Body of {@code PUT /api/integrations/incident-io}. {@code apiToken} left out keeps the stored token
 * (reads show only its last 4 characters); an empty string clears it. Other fields left out fall
 * back to the environment.
 */
public record IncidentIoConfigRequest(
        Boolean enabled,
        @Size(max = 500) String apiToken,
        @Size(max = 100) String incidentTypeId,
        @Size(max = 100) String severityId,
        @Size(max = 100) String resolvedStatusName,
        Boolean notifyChannel) {
}
