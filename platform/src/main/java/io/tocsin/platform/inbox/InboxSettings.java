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
}
