package io.tocsin.gateway.support;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Replaces the system clock in tests: time stands still unless a test moves it, so rate limits, key expiry
 * and last-use throttling are decided by the test, not by how fast the machine is.
 */
@Singleton
public class TestClock extends Clock {

    private final Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public void advance(Duration by) {
        offset.accumulateAndGet(by, Duration::plus);
    }

    public void reset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("Tocsin keeps time in UTC");
    }

    @Override
    public Instant instant() {
        return start.plus(offset.get());
    }
}
