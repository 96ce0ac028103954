package io.tocsin.autodraft.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.autodraft.catalogue.Health;
import io.tocsin.autodraft.catalogue.Metric;
import io.tocsin.autodraft.catalogue.MetricKey;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Which signals a batch settles from its read, and which it leaves to the metric's lock. */
class SignalBatchTest {

    static final Instant T = Instant.parse("2026-03-15T14:32:00Z");

    static Metric unhealthySince(String slug, Instant at) {
        return Metric.registered("o", slug, List.of(), null, T.minusSeconds(3600))
                .transitioned(Health.UNHEALTHY, null, at, null, null, at);
    }

    static Signal signal(String id, String metric, SignalStatus status, Instant observedAt) {
        return new Signal(id, "o", metric, status, null, null, observedAt, null, null, null, SignalSource.ALERTMANAGER);
    }

    static Set<String> fresh(String... ids) {
        return Stream.of(ids).map(id -> SignalInbox.messageId("o", id)).collect(Collectors.toSet());
    }

    @Test
    void aRepeatedIdIsADuplicateWithTheStoredHealthOrUnknown() {
        SignalBatch batch = new SignalBatch(Set.of(), List.of(unhealthySince("m", T)));
        assertThat(batch.settle(signal("a", "m", SignalStatus.HEALTHY, T.plusSeconds(5)), T.plusSeconds(5)))
                .contains(new SignalReceipt("a", "m", SignalOutcome.DUPLICATE, Health.UNHEALTHY));
        // A repeat does not register the metric it names.
        assertThat(batch.settle(signal("b", "nowhere", SignalStatus.UNHEALTHY, T), T))
                .contains(new SignalReceipt("b", "nowhere", SignalOutcome.DUPLICATE, Health.UNKNOWN));
    }

    @Test
    void aNewIdThatCannotChangeTheMetricIsSettled() {
        SignalBatch batch = new SignalBatch(fresh("same", "old"), List.of(unhealthySince("m", T)));
        assertThat(batch.settle(signal("same", "m", SignalStatus.UNHEALTHY, T.plusSeconds(5)), T.plusSeconds(5)))
                .contains(new SignalReceipt("same", "m", SignalOutcome.UNCHANGED, Health.UNHEALTHY));
        assertThat(batch.settle(signal("old", "m", SignalStatus.HEALTHY, T.minusSeconds(5)), T.minusSeconds(5)))
                .contains(new SignalReceipt("old", "m", SignalOutcome.STALE, Health.UNHEALTHY));
    }

    @Test
    void aPossibleTransitionOrAnUnknownMetricIsLeftToTheLock() {
        SignalBatch batch = new SignalBatch(fresh("flip", "new", "low-score"), List.of(unhealthySince("m", T)));
        assertThat(batch.settle(signal("flip", "m", SignalStatus.HEALTHY, T.plusSeconds(5)), T.plusSeconds(5))).isEmpty();
        assertThat(batch.settle(signal("new", "unknown", SignalStatus.UNHEALTHY, T), T)).isEmpty();
        // An unhealthy report with a low score counts as healthy: a transition of an unhealthy metric.
        Signal lowScore = new Signal("low-score", "o", "m", SignalStatus.UNHEALTHY, null, null, T.plusSeconds(6), null, 0.2,
                null, SignalSource.AMQP);
        assertThat(batch.settle(lowScore, T.plusSeconds(6))).isEmpty();
    }

    @Test
    void theFirstSignalOfAnIdTakesItAndLaterOnesSeeWhatTheLockDecided() {
        SignalBatch batch = new SignalBatch(fresh("x"), List.of());
        Signal first = signal("x", "m", SignalStatus.UNHEALTHY, T);
        assertThat(batch.settle(first, T)).isEmpty();
        assertThat(batch.knows(first)).isFalse();
        batch.applied(unhealthySince("m", T));
        assertThat(batch.knows(first)).isTrue();
        assertThat(batch.settle(signal("x", "m", SignalStatus.UNHEALTHY, T), T))
                .isEqualTo(Optional.of(new SignalReceipt("x", "m", SignalOutcome.DUPLICATE, Health.UNHEALTHY)));
    }

    @Test
    void theMetricsABatchMayChangeAreKnownFromItsReadAndComeInOneOrder() {
        Set<String> ids = new HashSet<>(fresh("flip", "same", "new"));
        ids.add(SignalInbox.messageId("a", "elsewhere"));
        SignalBatch batch = new SignalBatch(ids, List.of(unhealthySince("m", T), unhealthySince("b", T)));
        List<Signal> signals = List.of(
                signal("new", "z-unknown", SignalStatus.UNHEALTHY, T),
                signal("same", "b", SignalStatus.UNHEALTHY, T.plusSeconds(5)),
                signal("flip", "m", SignalStatus.HEALTHY, T.plusSeconds(5)),
                // The id was taken by the signal before, and this one was recorded by an earlier batch: no lock.
                signal("flip", "b", SignalStatus.HEALTHY, T.plusSeconds(6)),
                signal("old", "b", SignalStatus.HEALTHY, T.plusSeconds(7)),
                new Signal("elsewhere", "a", "z-unknown", SignalStatus.UNHEALTHY, null, null, T, null, null, null,
                        SignalSource.AMQP));

        // An unknown metric, a transition; organisation first, then slug.
        assertThat(batch.contested(signals, Signal::observedAt)).containsExactly(new MetricKey("a", "z-unknown"),
                new MetricKey("o", "m"), new MetricKey("o", "z-unknown"));
        // Asking took no id: the signals are still settled, or left to the lock, as before.
        assertThat(batch.settle(signals.get(0), T)).isEmpty();
        assertThat(batch.settle(signals.get(1), T.plusSeconds(5)))
                .contains(new SignalReceipt("same", "b", SignalOutcome.UNCHANGED, Health.UNHEALTHY));
        assertThat(batch.settle(signals.get(2), T.plusSeconds(5))).isEmpty();
    }
}
