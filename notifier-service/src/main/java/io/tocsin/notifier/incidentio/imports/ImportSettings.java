package io.tocsin.notifier.incidentio.imports;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The incident.io import (SPEC §6.3): how often it runs and how it pages; every value has an environment variable (README). */
@ConfigMapping(prefix = "tocsin.incident-io-import")
public interface ImportSettings {

    /** Whether this replica runs imports (any number may: each organisation's import is claimed by one at a time). Env: TOCSIN_NOTIFIER_IMPORTER_ENABLED. */
    @WithDefault("true")
    boolean enabled();

    /** Time between the end of a scheduled organisation's pass and the start of its next one. Env: INCIDENT_IO_IMPORT_INTERVAL. */
    @WithDefault("1h")
    Duration interval();

    /** Incidents asked for per page ({@code page_size}, 1 to 250). Env: INCIDENT_IO_IMPORT_PAGE_SIZE. */
    @WithDefault("100")
    int pageSize();

    /** How often a replica looks for imports that are due. Env: TOCSIN_NOTIFIER_IMPORT_POLL_INTERVAL. */
    @WithDefault("30s")
    Duration pollInterval();
}
