package io.tocsin.autodraft.signals;

import io.tocsin.autodraft.catalogue.Health;
import io.tocsin.autodraft.catalogue.Metric;
import io.tocsin.autodraft.catalogue.MetricKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this replica learnt from the signal batches it committed lately: which signal ids are recorded in the
 * inbox, and each metric's health as the batch left it. A batch made only of ids recorded before — Alertmanager
 * repeating its notifications — is answered from here, every signal a duplicate, without a statement: a storm of
 * repeats does not touch the database. An id stays recorded in the inbox for its retention whichever replica
 * recorded it, so a known id is a repeat everywhere; the health in those answers is at most {@link #FRESH} old
 * (a change made elsewhere meanwhile shows after that). Bounded; emptied when full.
 */
@ApplicationScoped
public class RecentSignals {

    static final Duration FRESH = Duration.ofSeconds(1);
    static final int MAX_IDS = 100_000;
    static final int MAX_METRICS = 10_000;

    private record Seen(Health health, Instant at) {
    }

    private final Clock clock;
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final Map<MetricKey, Seen> metrics = new ConcurrentHashMap<>();

    public RecentSignals(Clock clock) {
        this.clock = clock;
    }

    /**
     * After a batch committed: its ids are recorded, and its metrics were as given when {@code readAt} (the
     * moment before the batch's transaction began, so that the answer never looks fresher than it is).
     */
    void committed(List<Signal> signals, Collection<Metric> after, Instant readAt) {
        if (ids.size() + signals.size() > MAX_IDS) {
            ids.clear();
        }
        signals.forEach(signal -> ids.add(SignalInbox.messageId(signal.org(), signal.id())));
        if (metrics.size() + after.size() > MAX_METRICS) {
            metrics.clear();
        }
        after.forEach(metric -> metrics.put(MetricKey.of(metric), new Seen(metric.health(), readAt)));
    }

    /** The receipts of a batch whose every id is a known repeat on a metric seen lately, in order; else empty. */
    Optional<List<SignalReceipt>> repeats(List<Signal> signals) {
        Instant oldest = clock.instant().minus(FRESH);
        List<SignalReceipt> receipts = new ArrayList<>(signals.size());
        for (Signal signal : signals) {
            Seen seen = metrics.get(SignalBatch.keyOf(signal));
            if (seen == null || seen.at().isBefore(oldest) || !ids.contains(SignalInbox.messageId(signal.org(), signal.id()))) {
                return Optional.empty();
            }
            receipts.add(new SignalReceipt(signal.id(), signal.metric(), SignalOutcome.DUPLICATE, seen.health()));
        }
        return Optional.of(receipts);
    }
}
