package io.tocsin.incident.cadence;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The update cadence of SEV1/SEV2 incidents (SPEC §4.2). */
@ConfigMapping(prefix = "tocsin.cadence")
public interface CadenceSettings {

    /** Whether this replica looks for overdue updates; any number of replicas may. Env: TOCSIN_CADENCE_ENABLED. */
    @WithDefault("true")
    boolean enabled();

    /** How long a SEV1/SEV2 incident may go without a timeline entry before update_overdue is emitted. */
    @WithDefault("15m")
    Duration overdueAfter();

    /** How often overdue incidents are looked for. Env: TOCSIN_CADENCE_POLL_INTERVAL. */
    @WithDefault("30s")
    Duration pollInterval();

    /** Incidents claimed per transaction. */
    @WithDefault("100")
    int batchSize();
}
