package io.tocsin.platform.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The table recording processed message ids, for idempotent consumers. */
@ConfigMapping(prefix = "tocsin.inbox")
public interface InboxSettings {

    /** Schema-qualified inbox table, e.g. {@code incident.inbox}. */
    Optional<String> table();

    /** Whether this replica consumes at all (tests of other parts may turn it off). */
    @WithDefault("true")
    boolean enabled();

    /** In-place retries of a transiently failing message before it is handed back to the broker. */
    @WithDefault("8")
    int retries();

    /** First delay between those retries; it doubles up to 60 times this. */
    @WithDefault("500ms")
    java.time.Duration retryBackoff();

    /**
     * Messages handled in one transaction at most: whatever has arrived while the previous batch was handled,
     * so a quiet queue still gets each message at once and a busy one pays one commit per batch. 1: one at a time.
     */
    @WithDefault("100")
    int batchSize();

    /** How long processed message ids are kept (redeliveries older than this are not expected). */
    @WithDefault("7d")
    java.time.Duration retention();
}
