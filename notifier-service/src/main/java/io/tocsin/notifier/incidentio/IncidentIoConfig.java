package io.tocsin.notifier.incidentio;

/** An organisation's effective incident.io configuration (stored, completed from the environment). */
public record IncidentIoConfig(boolean enabled, String apiToken, String incidentTypeId, String severityId,
        String resolvedStatusName, boolean notifyChannel, boolean stored) {

    public boolean canSend() {
        return enabled && apiToken != null && !apiToken.isBlank();
    }

    public boolean resolves() {
        return resolvedStatusName != null && !resolvedStatusName.isBlank();
    }
}
