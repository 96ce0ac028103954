package io.tocsin.notifier.incidentio;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** incident.io settings from the environment: the API base URL, and fallbacks for fields an organisation left unset. */
@ConfigMapping(prefix = "tocsin.incident-io")
public interface IncidentIoEnvironment {

    /** Env: INCIDENT_IO_API_URL. */
    @WithDefault("https://api.incident.io")
    String apiUrl();

    /** Env: INCIDENT_IO_API_TOKEN. */
    Optional<String> apiToken();

    /** Env: INCIDENT_IO_INCIDENT_TYPE_ID (else incident.io's default type). */
    Optional<String> incidentTypeId();

    /** Env: INCIDENT_IO_SEVERITY_ID (else the severity named Critical). */
    Optional<String> severityId();

    /** Env: INCIDENT_IO_RESOLVED_STATUS_NAME (enables resolving in incident.io). */
    Optional<String> resolvedStatusName();

    /** Env: INCIDENT_IO_NOTIFY_CHANNEL. */
    @WithDefault("false")
    boolean notifyChannel();
}
