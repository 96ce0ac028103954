package io.tocsin.notifier;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the notifier delivers (SPEC §6.1); every value has an environment variable (README). */
@ConfigMapping(prefix = "tocsin.notifier")
public interface NotifierSettings {

    /** The gateway's public URL: links back to Tocsin in pages, incidents and emails. Env: TOCSIN_PUBLIC_URL. */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** Whether this replica runs the dispatcher (any number may). Env: TOCSIN_NOTIFIER_DISPATCHER_ENABLED. */
    @WithDefault("true")
    boolean dispatcherEnabled();

    /** Fallback poll of the dispatcher; new deliveries wake it at once. Env: TOCSIN_NOTIFIER_POLL_INTERVAL. */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * Most deliveries a dispatcher round claims and sends at once (at most this many connections per
     * receiving host). Env: TOCSIN_NOTIFIER_BATCH_SIZE.
     */
    @WithDefault("200")
    int batchSize();

    /** Time limit of one outbound HTTP call (connect and answer). Env: TOCSIN_NOTIFIER_SEND_TIMEOUT. */
    @WithDefault("10s")
    Duration sendTimeout();

    /** First retry delay; it doubles per attempt (with jitter) up to {@link #retryMaxDelay()}. Env: TOCSIN_NOTIFIER_RETRY_BASE. */
    @WithDefault("30s")
    Duration retryBase();

    /** Longest delay between two attempts. Env: TOCSIN_NOTIFIER_RETRY_MAX_DELAY. */
    @WithDefault("1h")
    Duration retryMaxDelay();

    /** A delivery still failing this long after it was created (or manually retried) fails for good. Env: TOCSIN_NOTIFIER_RETRY_WINDOW. */
    @WithDefault("24h")
    Duration retryWindow();

    /** Share of a retry delay that is random (0: none, 0.5: between half and the whole delay). */
    @WithDefault("0.5")
    double retryJitter();

    /** How long a dispatcher's claim on a delivery lasts; a dispatcher that dies mid-send loses it after this. Env: TOCSIN_NOTIFIER_LEASE. */
    @WithDefault("5m")
    Duration lease();

    /** Delivered and failed deliveries are deleted this long after their last change. Env: TOCSIN_NOTIFIER_DELIVERY_RETENTION. */
    @WithDefault("30d")
    Duration deliveryRetention();

    /** AES-256-GCM key for secrets at rest, base64 of 32 bytes. Env: TOCSIN_SECRETS_KEY (required in production). */
    Optional<String> secretsKey();
}
