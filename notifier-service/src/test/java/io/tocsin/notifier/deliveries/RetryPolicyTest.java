package io.tocsin.notifier.deliveries;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofHours(24), 0.5);

    @Test
    void delaysDoubleUpToTheMaximumWithJitterTakingAtMostHalf() {
        assertThat(policy.delay(1, null, 0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delay(2, null, 0)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delay(3, null, 0)).isEqualTo(Duration.ofSeconds(120));
        assertThat(policy.delay(3, null, 0.999)).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(61));
        assertThat(policy.delay(10, null, 0)).isEqualTo(Duration.ofHours(1));
        assertThat(policy.delay(500, null, 0)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void retryAfterIsHonouredAsGiven() {
        assertThat(policy.delay(1, Duration.ofSeconds(7), 0.9)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void retriesStopAfterTheWindow() {
        Instant start = Instant.parse("2026-03-15T00:00:00Z");
        assertThat(policy.givesUp(start, start.plus(Duration.ofHours(24)))).isFalse();
        assertThat(policy.givesUp(start, start.plus(Duration.ofHours(24)).plusSeconds(1))).isTrue();
    }
}
