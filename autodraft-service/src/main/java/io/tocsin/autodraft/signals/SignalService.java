package io.tocsin.autodraft.signals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.Db;
import io.tocsin.autodraft.catalogue.Health;
import io.tocsin.autodraft.catalogue.Metric;
import io.tocsin.autodraft.catalogue.MetricKey;
import io.tocsin.autodraft.catalogue.MetricLock;
import io.tocsin.autodraft.catalogue.MetricRepository;
import io.tocsin.autodraft.catalogue.MetricService;
import io.tocsin.autodraft.scheduling.DraftPlanner;
import io.tocsin.platform.db.AfterCommit;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Applies signals to metrics. A batch records all its ids (idempotency) in one statement and reads
 * all its metrics in another; a signal that can change nothing — a repeated id, or a stale or
 * unchanged report on a known metric — is settled from that read ({@link SignalBatch}) and writes
 * nothing. Only the others take the metric's lock ({@link MetricLock}; a batch takes all it needs at
 * once, in one order), read it again and decide with {@link HealthRules}; a transition writes the
 * metric — and, on a flip, what its policy asks for ({@link DraftPlanner}). So a storm of repeated alerts costs two statements per batch, and none once
 * this replica has seen the batch's ids committed ({@link RecentSignals}).
 */
@ApplicationScoped
public class SignalService {

    private final Pool pool;
    private final SignalInbox inbox;
    private final MetricRepository metrics;
    private final DraftPlanner planner;
    private final Clock clock;
    private final MeterRegistry registry;
    private final RecentSignals recent;
    /** The signal counters by source and outcome, looked up once rather than per signal. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public SignalService(Pool pool, SignalInbox inbox, MetricRepository metrics, DraftPlanner planner, Clock clock,
            MeterRegistry registry, RecentSignals recent) {
        this.recent = recent;
        this.pool = pool;
        this.inbox = inbox;
        this.metrics = metrics;
        this.planner = planner;
        this.clock = clock;
        this.registry = registry;
    }

    /** A manual report for an existing metric (404 otherwise), in its own transaction. */
    public Uni<SignalReceipt> report(Signal signal) {
        Instant readAt = clock.instant();
        List<SignalBatch> batch = new ArrayList<>(1);
        return pool.withTransaction(tx -> receive(tx, List.of(signal), true, batch))
                .invoke(receipts -> recent.committed(List.of(signal), batch.get(0).metrics(), readAt))
                .map(receipts -> receipts.get(0))
                .invoke(receipt -> count(signal, receipt.outcome()));
    }

    /**
     * Several signals in one transaction (all or nothing), metrics registered when unknown. They
     * are applied in metric order, so that two such batches take metric locks in the same order.
     */
    public Uni<List<SignalReceipt>> receiveAll(List<Signal> signals) {
        if (signals.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Signal> ordered = signals.stream().sorted(Comparator.comparing(Signal::metric)).toList();
        Optional<List<SignalReceipt>> repeats = recent.repeats(ordered);
        if (repeats.isPresent()) {
            countAll(ordered, repeats.get());
            return Uni.createFrom().item(repeats.get());
        }
        Instant readAt = clock.instant();
        List<SignalBatch> batch = new ArrayList<>(1);
        return pool.withTransaction(tx -> receive(tx, ordered, false, batch)).invoke(receipts -> {
            recent.committed(ordered, batch.get(0).metrics(), readAt);
            countAll(ordered, receipts);
        });
    }

    private void countAll(List<Signal> ordered, List<SignalReceipt> receipts) {
        for (int i = 0; i < ordered.size(); i++) {
            count(ordered.get(i), receipts.get(i).outcome());
        }
    }

    /** A signal whose id the caller (the AMQP inbox) has already recorded, in the caller's transaction. */
    public Uni<SignalOutcome> applyRecorded(SqlConnection tx, Signal signal) {
        return applyRecorded(tx, List.of(signal)).map(outcomes -> outcomes.get(0));
    }

    /**
     * Signals whose message ids the caller (the AMQP inbox) has already recorded, in delivery order and in the
     * caller's transaction: one read of all their metrics, then only possible transitions take a metric's lock.
     */
    public Uni<List<SignalOutcome>> applyRecorded(SqlConnection tx, List<Signal> signals) {
        Set<String> fresh = signals.stream().map(signal -> SignalInbox.messageId(signal.org(), signal.id()))
                .collect(Collectors.toSet());
        return read(tx, signals, fresh)
                .flatMap(batch -> applyFrom(tx, signals, 0, batch, false, new ArrayList<>()))
                .map(receipts -> {
                    List<SignalOutcome> outcomes = new ArrayList<>(receipts.size());
                    for (SignalReceipt receipt : receipts) {
                        outcomes.add(receipt.outcome());
                    }
                    // Counted once the caller's transaction commits: a batch redone after a failure counts once.
                    AfterCommit.run(tx, () -> countAll(signals, receipts));
                    return outcomes;
                });
    }

    /** Claims the ids, reads the metrics and applies the signals; the batch (its metrics as left) goes to {@code batchOut}. */
    private Uni<List<SignalReceipt>> receive(SqlConnection tx, List<Signal> ordered, boolean metricMustExist,
            List<SignalBatch> batchOut) {
        List<String> ids = ordered.stream().map(signal -> SignalInbox.messageId(signal.org(), signal.id())).toList();
        return inbox.claimAll(tx, ids)
                .flatMap(fresh -> read(tx, ordered, fresh))
                .invoke(batch -> {
                    batchOut.clear();
                    batchOut.add(batch);
                })
                .flatMap(batch -> applyFrom(tx, ordered, 0, batch, metricMustExist, new ArrayList<>()));
    }

    /**
     * Reads the signals' metrics and takes, at once and in {@link SignalBatch#LOCK_ORDER}, the locks of those they may
     * change, before any is applied: two batches flipping the same metrics in different delivery orders (two replicas)
     * then wait for each other instead of deadlocking.
     */
    private Uni<SignalBatch> read(SqlConnection tx, List<Signal> signals, Set<String> fresh) {
        Set<MetricKey> keys = signals.stream().map(SignalBatch::keyOf).collect(Collectors.toCollection(LinkedHashSet::new));
        Instant now = Db.micros(clock.instant());
        return metrics.findAll(tx, keys).map(found -> new SignalBatch(fresh, found))
                .call(batch -> MetricLock.lockAll(tx, batch.contested(signals, signal -> observedAt(signal, now))));
    }

    /**
     * Applies {@code ordered} from index {@code from} on, in order: settled ones in a loop, each of
     * the others under its metric's lock before going on with the next.
     */
    private Uni<List<SignalReceipt>> applyFrom(SqlConnection tx, List<Signal> ordered, int from, SignalBatch batch,
            boolean metricMustExist, List<SignalReceipt> receipts) {
        for (int i = from; i < ordered.size(); i++) {
            Signal signal = ordered.get(i);
            Instant now = Db.micros(clock.instant());
            Instant observedAt = observedAt(signal, now);
            Optional<SignalReceipt> settled = batch.settle(signal, observedAt);
            if (settled.isEmpty()) {
                int next = i + 1;
                return applyLocked(tx, signal, metricMustExist, observedAt, now).flatMap(applied -> {
                    batch.applied(applied.metric());
                    receipts.add(applied.receipt());
                    return applyFrom(tx, ordered, next, batch, metricMustExist, receipts);
                });
            }
            if (metricMustExist && !batch.knows(signal)) {
                throw MetricService.notFound(signal.metric());
            }
            receipts.add(settled.get());
        }
        return Uni.createFrom().item(receipts);
    }

    /** A producer's clock ahead of ours must not make every later signal look stale. */
    private static Instant observedAt(Signal signal, Instant now) {
        return signal.observedAt() == null || signal.observedAt().isAfter(now) ? now : Db.micros(signal.observedAt());
    }

    /** A signal decided under its metric's lock, and the metric as it left it. */
    private record Applied(SignalReceipt receipt, Metric metric) {
    }

    private Uni<Applied> applyLocked(SqlConnection tx, Signal signal, boolean metricMustExist, Instant observedAt,
            Instant now) {
        return MetricLock.lock(tx, signal.org(), signal.metric())
                .flatMap(locked -> metrics.find(tx, signal.org(), signal.metric()))
                .flatMap(found -> {
                    if (found.isPresent()) {
                        return Uni.createFrom().item(found.get());
                    }
                    if (metricMustExist) {
                        throw MetricService.notFound(signal.metric());
                    }
                    return register(tx, signal, now);
                })
                .flatMap(metric -> evaluate(tx, metric, signal, observedAt, now));
    }

    private Uni<Metric> register(SqlConnection tx, Signal signal, Instant now) {
        Metric metric = Metric.registered(signal.org(), signal.metric(),
                signal.service() == null ? List.of() : List.of(signal.service()),
                signal.threshold() == null ? null : BigDecimal.valueOf(signal.threshold()).stripTrailingZeros().toPlainString(),
                now);
        return metrics.insert(tx, metric).replaceWith(metric);
    }

    private Uni<Applied> evaluate(SqlConnection tx, Metric metric, Signal signal, Instant observedAt, Instant now) {
        Health reported = HealthRules.reported(signal.status(), signal.score());
        SignalOutcome outcome = HealthRules.assess(metric, reported, observedAt);
        if (outcome != SignalOutcome.TRANSITION) {
            return Uni.createFrom().item(new Applied(new SignalReceipt(signal.id(), metric.slug(), outcome, metric.health()),
                    metric));
        }
        Metric after = metric.transitioned(reported, signal.value(), observedAt, HealthRules.severityOf(signal), signal.score(),
                now);
        return metrics.updateHealth(tx, after)
                .flatMap(v -> after.health() == Health.UNHEALTHY ? planner.onFlip(tx, after, now) : Uni.createFrom().voidItem())
                .replaceWith(new Applied(new SignalReceipt(signal.id(), metric.slug(), outcome, after.health()), after));
    }

    private void count(Signal signal, SignalOutcome outcome) {
        counters.computeIfAbsent(signal.source().wire() + "/" + outcome.wire(), key -> registry.counter("tocsin.autodraft.signals",
                "source", signal.source().wire(), "outcome", outcome.wire())).increment();
    }
}
