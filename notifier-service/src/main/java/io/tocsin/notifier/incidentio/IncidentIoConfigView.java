package io.tocsin.notifier.incidentio;

import io.tocsin.notifier.secrets.SecretBox;
import java.time.Instant;

/** The incident.io configuration as the API shows it (the token masked). */
public record IncidentIoConfigView(boolean enabled, String apiToken, String incidentTypeId, String severityId,
        String resolvedStatusName, boolean notifyChannel, String apiUrl, boolean stored, String updatedBy, Instant updatedAt) {

    static IncidentIoConfigView of(IncidentIoConfig c, String apiUrl, String updatedBy, Instant updatedAt) {
        return new IncidentIoConfigView(c.enabled(), SecretBox.mask(c.apiToken()), c.incidentTypeId(), c.severityId(),
                c.resolvedStatusName(), c.notifyChannel(), apiUrl, c.stored(), updatedBy, updatedAt);
    }
}
