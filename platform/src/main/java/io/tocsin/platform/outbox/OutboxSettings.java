package io.tocsin.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The transactional outbox of a service and its relay to the broker. */
@ConfigMapping(prefix = "tocsin.outbox")
public interface OutboxSettings {

    /** Schema-qualified outbox table, e.g. {@code incident.outbox}; absent when the service has no outbox. */
    Optional<String> table();

    /** Whether this replica runs the relay (any number of replicas may). Env: TOCSIN_OUTBOX_RELAY_ENABLED. */
    @WithDefault("true")
    boolean relayEnabled();

    /** Rows claimed per relay round. */
    @WithDefault("200")
    int batchSize();

    /** Fallback poll when no insert notification arrived (other replicas, recovery after failures). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Refusals by the broker after which a message goes to the dead-letter address instead. */
    @WithDefault("5")
    int maxRefusals();

    /** How long sent rows are kept before they are deleted. */
    @WithDefault("24h")
    Duration retention();
}
