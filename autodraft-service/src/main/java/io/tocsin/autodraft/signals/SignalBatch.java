package io.tocsin.autodraft.signals;

import io.tocsin.autodraft.catalogue.Health;
import io.tocsin.autodraft.catalogue.Metric;
import io.tocsin.autodraft.catalogue.MetricKey;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a batch of signals needs to know before applying them one by one: which of their ids were
 * new and their metrics as read (without locks) at the start. No I/O.
 *
 * <p>A signal that cannot be a transition — a repeated id, or a metric it finds stale or
 * unchanged — is settled from this read; it writes nothing, so the read is the moment it took
 * effect, as if it had held the metric's lock just then. Everything else (a new id whose metric is
 * unknown or would change) is left to the caller, who decides it under the metric's lock from a
 * fresh read and hands back the metric as it then is, so later signals of the same metric in the
 * batch see it.
 *
 * <p>Those metrics are known from the read alone ({@link #contested}): a metric none of whose new signals
 * would change it as read is not changed by the batch, since only a change decided under the lock
 * alters what the batch knows of a metric.
 */
final class SignalBatch {

    /** The one order in which any batch takes several metric locks. */
    static final Comparator<MetricKey> LOCK_ORDER = Comparator.comparing(MetricKey::org).thenComparing(MetricKey::slug);

    private final Set<String> unclaimed;
    private final Map<MetricKey, Metric> metrics = new HashMap<>();

    /**
     * @param fresh   the message ids ({@link SignalInbox#messageId}) this batch recorded first
     * @param metrics the batch's metrics that exist
     */
    SignalBatch(Set<String> fresh, Collection<Metric> metrics) {
        this.unclaimed = new HashSet<>(fresh);
        metrics.forEach(this::applied);
    }

    static MetricKey keyOf(Signal signal) {
        return new MetricKey(signal.org(), signal.metric());
    }

    /**
     * The receipt of the next signal when this read decides it; empty when only the metric's lock
     * can. The first signal carrying a new id takes it: a later one with the same id is a duplicate.
     */
    Optional<SignalReceipt> settle(Signal signal, Instant observedAt) {
        Metric metric = metrics.get(keyOf(signal));
        if (!unclaimed.remove(SignalInbox.messageId(signal.org(), signal.id()))) {
            return Optional.of(new SignalReceipt(signal.id(), signal.metric(), SignalOutcome.DUPLICATE,
                    metric == null ? Health.UNKNOWN : metric.health()));
        }
        if (metric == null) {
            return Optional.empty();
        }
        SignalOutcome outcome = outcomeAsRead(metric, signal, observedAt);
        return outcome == SignalOutcome.TRANSITION ? Optional.empty()
                : Optional.of(new SignalReceipt(signal.id(), metric.slug(), outcome, metric.health()));
    }

    /**
     * The metrics whose lock these signals (this batch's, in order) will need, in {@link #LOCK_ORDER}: those of a
     * signal that is the first with its new id and names an unknown metric or would change the metric as read.
     * Changes nothing; {@link #settle} then leaves exactly these signals' metrics to the lock.
     */
    List<MetricKey> contested(List<Signal> signals, Function<Signal, Instant> observedAt) {
        Set<String> untaken = new HashSet<>(unclaimed);
        Set<MetricKey> contested = new TreeSet<>(LOCK_ORDER);
        for (Signal signal : signals) {
            if (!untaken.remove(SignalInbox.messageId(signal.org(), signal.id()))) {
                continue;
            }
            Metric metric = metrics.get(keyOf(signal));
            if (metric == null || outcomeAsRead(metric, signal, observedAt.apply(signal)) == SignalOutcome.TRANSITION) {
                contested.add(keyOf(signal));
            }
        }
        return List.copyOf(contested);
    }

    private static SignalOutcome outcomeAsRead(Metric metric, Signal signal, Instant observedAt) {
        return HealthRules.assess(metric, HealthRules.reported(signal.status(), signal.score()), observedAt);
    }

    /** Whether the signal's metric exists, as far as this batch knows. */
    boolean knows(Signal signal) {
        return metrics.containsKey(keyOf(signal));
    }

    /** The batch's metrics as they are now (read, registered or changed by the batch). */
    Collection<Metric> metrics() {
        return metrics.values();
    }

    /** The metric as a signal decided under its lock left it. */
    void applied(Metric metric) {
        metrics.put(MetricKey.of(metric), metric);
    }
}
