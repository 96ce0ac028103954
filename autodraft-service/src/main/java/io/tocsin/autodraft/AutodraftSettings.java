package io.tocsin.autodraft;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The rules and timers of auto-drafting (SPEC §5); every value has an environment variable (README). */
@ConfigMapping(prefix = "tocsin.autodraft")
public interface AutodraftSettings {

    /**
     * Plans (the JWT {@code plan} claim) allowed to turn a metric's policy on; when absent every
     * organisation may. Env: TOCSIN_AUTODRAFT_ALLOWED_PLANS (comma-separated).
     */
    Optional<List<String>> allowedPlans();

    /** No second draft for a metric within this long of a draft request or of an operator's dismissal. */
    @WithDefault("1h")
    Duration cooldown();

    /** Drafts nobody published or dismissed for this long are expired. */
    @WithDefault("24h")
    Duration draftLifetime();

    /** How often each replica looks for due dwell checks. Env: TOCSIN_AUTODRAFT_DWELL_POLL_INTERVAL. */
    @WithDefault("1s")
    Duration dwellPollInterval();

    /** Dwell checks claimed per poll round. */
    @WithDefault("100")
    int dwellBatchSize();

    /** How often the expiry sweep runs across all replicas together. Env: TOCSIN_AUTODRAFT_EXPIRY_INTERVAL. */
    @WithDefault("15m")
    Duration expiryInterval();

    /**
     * Signals from {@code tocsin.metric.signals} handled together at most (the broker may send that many ahead):
     * what arrived while the previous batch was handled. Env: TOCSIN_AUTODRAFT_SIGNAL_BATCH_SIZE.
     */
    @WithDefault("2500")
    int signalBatchSize();

    /** Whether this replica runs the dwell poller and the expiry sweep (any number may). Env: TOCSIN_AUTODRAFT_SCHEDULERS_ENABLED. */
    @WithDefault("true")
    boolean schedulersEnabled();
}
