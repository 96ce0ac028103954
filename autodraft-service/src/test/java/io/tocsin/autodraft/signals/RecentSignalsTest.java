package io.tocsin.autodraft.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.autodraft.catalogue.Health;
import io.tocsin.autodraft.catalogue.Metric;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentSignalsTest {

    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    private Instant now = T;
    private final RecentSignals recent = new RecentSignals(new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    private static Signal signal(String id, String metric) {
        return new Signal(id, "o", metric, SignalStatus.UNHEALTHY, null, null, T, null, null, null, SignalSource.ALERTMANAGER);
    }

    @Test
    void aBatchOfKnownIdsOnFreshMetricsIsAnsweredAsDuplicatesInOrder() {
        Metric a = SignalBatchTest.unhealthySince("a", T.minusSeconds(60));
        Metric b = Metric.registered("o", "b", List.of(), null, T.minusSeconds(60));
        recent.committed(List.of(signal("1", "a"), signal("2", "b")), List.of(a, b), T);

        assertThat(recent.repeats(List.of(signal("2", "b"), signal("1", "a")))).hasValueSatisfying(receipts ->
                assertThat(receipts).containsExactly(
                        new SignalReceipt("2", "b", SignalOutcome.DUPLICATE, b.health()),
                        new SignalReceipt("1", "a", SignalOutcome.DUPLICATE, Health.UNHEALTHY)));
    }

    @Test
    void anUnknownIdAnUnknownMetricOrHealthSeenTooLongAgoSendTheBatchToTheDatabase() {
        Metric a = SignalBatchTest.unhealthySince("a", T.minusSeconds(60));
        recent.committed(List.of(signal("1", "a")), List.of(a), T);

        assertThat(recent.repeats(List.of(signal("1", "a"), signal("new", "a")))).isEmpty();
        assertThat(recent.repeats(List.of(signal("1", "other")))).isEmpty();
        now = T.plus(RecentSignals.FRESH);
        assertThat(recent.repeats(List.of(signal("1", "a")))).isPresent();
        now = T.plus(RecentSignals.FRESH).plus(Duration.ofMillis(1));
        assertThat(recent.repeats(List.of(signal("1", "a")))).isEmpty();
    }

    @Test
    void aFullMemoryStartsOver() {
        Metric a = SignalBatchTest.unhealthySince("a", T.minusSeconds(60));
        recent.committed(List.of(signal("first", "a")), List.of(a), T);
        for (int i = 0; i < RecentSignals.MAX_IDS; i += 1_000) {
            int from = i;
            recent.committed(java.util.stream.IntStream.range(from, from + 1_000).mapToObj(n -> signal("s" + n, "a")).toList(),
                    List.of(a), T);
        }
        assertThat(recent.repeats(List.of(signal("first", "a")))).isEmpty();
        assertThat(recent.repeats(List.of(signal("s" + (RecentSignals.MAX_IDS - 1), "a")))).isPresent();
    }
}
