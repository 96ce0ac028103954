package io.tocsin.autodraft.signals;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.Db;
import io.tocsin.autodraft.catalogue.Health;
import io.tocsin.autodraft.catalogue.Metric;
import io.tocsin.autodraft.catalogue.MetricLock;
import io.tocsin.autodraft.catalogue.MetricRepository;
import io.tocsin.autodraft.catalogue.MetricService;
import io.tocsin.autodraft.scheduling.DraftPlanner;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Applies signals to metrics. Per signal: record its id (idempotency), take the metric's lock,
 * read the metric, decide with {@link HealthRules}. Only a transition writes the metric — and, on
 * a flip, what its policy asks for ({@link DraftPlanner}) — so a storm of repeated alerts costs a
 * read each (and nothing at all when their ids repeat).
 */
@ApplicationScoped
public class SignalService {

    private final Pool pool;
    private final SignalInbox inbox;
    private final MetricRepository metrics;
    private final DraftPlanner planner;
    private final Clock clock;
    private final MeterRegistry registry;

    public SignalService(Pool pool, SignalInbox inbox, MetricRepository metrics, DraftPlanner planner, Clock clock,
            MeterRegistry registry) {
        this.pool = pool;
        this.inbox = inbox;
        this.metrics = metrics;
        this.planner = planner;
        this.clock = clock;
        this.registry = registry;
    }

    /** A manual report for an existing metric (404 otherwise), in its own transaction. */
    public Uni<SignalReceipt> report(Signal signal) {
        return pool.withTransaction(tx -> receive(tx, signal, true)).invoke(receipt -> count(signal, receipt.outcome()));
    }

    /**
     * Several signals in one transaction (all or nothing), metrics registered when unknown. They
     * are applied in metric order, so that two such batches take metric locks in the same order.
     */
    public Uni<List<SignalReceipt>> receiveAll(List<Signal> signals) {
        List<Signal> ordered = signals.stream().sorted(Comparator.comparing(Signal::metric)).toList();
        return pool.withTransaction(tx -> {
            Uni<List<SignalReceipt>> chain = Uni.createFrom().item(new ArrayList<>());
            for (Signal signal : ordered) {
                chain = chain.flatMap(done -> receive(tx, signal, false).map(receipt -> {
                    done.add(receipt);
                    return done;
                }));
            }
            return chain;
        }).invoke(receipts -> {
            for (int i = 0; i < ordered.size(); i++) {
                count(ordered.get(i), receipts.get(i).outcome());
            }
        });
    }

    /** A signal whose id the caller (the AMQP inbox) has already recorded, in the caller's transaction. */
    public Uni<SignalOutcome> applyRecorded(SqlConnection tx, Signal signal) {
        return apply(tx, signal, false).map(SignalReceipt::outcome).invoke(outcome -> count(signal, outcome));
    }

    private Uni<SignalReceipt> receive(SqlConnection tx, Signal signal, boolean metricMustExist) {
        return inbox.claim(tx, signal.org(), signal.id()).flatMap(fresh -> fresh
                ? apply(tx, signal, metricMustExist)
                : duplicate(tx, signal, metricMustExist));
    }

    private Uni<SignalReceipt> duplicate(SqlConnection tx, Signal signal, boolean metricMustExist) {
        return metrics.find(tx, signal.org(), signal.metric()).map(found -> {
            if (found.isEmpty() && metricMustExist) {
                throw MetricService.notFound(signal.metric());
            }
            return new SignalReceipt(signal.id(), signal.metric(), SignalOutcome.DUPLICATE,
                    found.map(Metric::health).orElse(Health.UNKNOWN));
        });
    }

    private Uni<SignalReceipt> apply(SqlConnection tx, Signal signal, boolean metricMustExist) {
        Instant now = Db.micros(clock.instant());
        // A producer's clock ahead of ours must not make every later signal look stale.
        Instant observedAt = signal.observedAt() == null || signal.observedAt().isAfter(now) ? now : Db.micros(signal.observedAt());
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

    private Uni<SignalReceipt> evaluate(SqlConnection tx, Metric metric, Signal signal, Instant observedAt, Instant now) {
        Health reported = HealthRules.reported(signal.status(), signal.score());
        SignalOutcome outcome = HealthRules.assess(metric, reported, observedAt);
        if (outcome != SignalOutcome.TRANSITION) {
            return Uni.createFrom().item(new SignalReceipt(signal.id(), metric.slug(), outcome, metric.health()));
        }
        Metric after = metric.transitioned(reported, signal.value(), observedAt, HealthRules.severityOf(signal), signal.score(),
                now);
        return metrics.updateHealth(tx, after)
                .flatMap(v -> after.health() == Health.UNHEALTHY ? planner.onFlip(tx, after, now) : Uni.createFrom().voidItem())
                .replaceWith(new SignalReceipt(signal.id(), metric.slug(), outcome, after.health()));
    }

    private void count(Signal signal, SignalOutcome outcome) {
        registry.counter("tocsin.autodraft.signals", "source", signal.source().wire(), "outcome", outcome.wire()).increment();
    }
}
