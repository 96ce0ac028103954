package io.tocsin.notifier.deliveries;

import java.time.Duration;
import java.time.Instant;

/**
 * When a failed attempt is tried again: after the wait a 429 asked for ({@code Retry-After}), else
 * exponentially later (base × 2^(attempt−1), capped) with jitter, so that many deliveries failing
 * together do not retry together. Retries stop once the window since the first attempt has passed.
 */
public record RetryPolicy(Duration base, Duration maxDelay, Duration window, double jitter) {

    /** The delay before attempt {@code attempts + 1}; {@code random} in [0, 1). */
    public Duration delay(int attempts, Duration retryAfter, double random) {
        if (retryAfter != null) {
            return retryAfter;
        }
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        long millis = base.toMillis() << doublings;
        if (millis <= 0 || millis > maxDelay.toMillis()) {
            millis = maxDelay.toMillis();
        }
        long jittered = Math.round(millis * (1.0 - jitter * random));
        return Duration.ofMillis(Math.max(1, jittered));
    }

    /** Whether an attempt at {@code next} would be past the retry window that started at {@code retryFrom}. */
    public boolean givesUp(Instant retryFrom, Instant next) {
        return next.isAfter(retryFrom.plus(window));
    }
}
