package io.tocsin.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    /** A clock that moves only when told. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-03-15T14:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();

    @Test
    void aBurstIsAllowedThenRefillsAtTheRate() {
        TokenBuckets buckets = new TokenBuckets(clock, 20, 100, 1000);
        for (int i = 0; i < 100; i++) {
            assertThat(buckets.take("a").allowed()).isTrue();
        }
        TokenBuckets.Decision refused = buckets.take("a");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(buckets.take("b").allowed()).as("another key has its own bucket").isTrue();

        clock.advance(Duration.ofMillis(50));
        assertThat(buckets.take("a").allowed()).isTrue();
        assertThat(buckets.take("a").allowed()).isFalse();

        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            assertThat(buckets.take("a").allowed()).isTrue();
        }
        assertThat(buckets.take("a").allowed()).isFalse();
    }

    @Test
    void retryAfterIsWhenTheNextTokenIsDue() {
        TokenBuckets buckets = new TokenBuckets(clock, 0.1, 2, 1000);
        buckets.take("slow");
        buckets.take("slow");
        assertThat(buckets.take("slow").retryAfterSeconds()).isEqualTo(10);
        clock.advance(Duration.ofSeconds(4));
        assertThat(buckets.take("slow").retryAfterSeconds()).isEqualTo(6);
    }

    @Test
    void aClockMovedBackRefillsNothing() {
        TokenBuckets buckets = new TokenBuckets(clock, 1, 1, 10);
        clock.advance(Duration.ofHours(1));
        assertThat(buckets.take("k").allowed()).isTrue();
        clock.advance(Duration.ofHours(-1));
        assertThat(buckets.take("k").allowed()).isFalse();
    }

    @Test
    void sweepingDropsOnlyBucketsThatAreFullAgain() {
        TokenBuckets buckets = new TokenBuckets(clock, 10, 10, 1000);
        buckets.take("idle");
        for (int i = 0; i < 10; i++) {
            buckets.take("busy");
        }
        clock.advance(Duration.ofMillis(500));
        buckets.sweep();
        assertThat(buckets.size()).isEqualTo(1);
        assertThat(buckets.take("busy").allowed()).isTrue();

        clock.advance(Duration.ofSeconds(1));
        buckets.sweep();
        assertThat(buckets.size()).isZero();
    }

    @Test
    void memoryStaysBoundedUnderManyKeys() {
        TokenBuckets buckets = new TokenBuckets(clock, 1, 5, 100);
        for (int i = 0; i < 10_000; i++) {
            buckets.take("client-" + i);
            buckets.take("client-" + i);
            assertThat(buckets.size()).isLessThanOrEqualTo(100);
        }
    }
}
