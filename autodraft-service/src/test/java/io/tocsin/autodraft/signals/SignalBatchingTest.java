package io.tocsin.autodraft.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.catalogue.Health;
import io.tocsin.autodraft.support.Api;
import io.tocsin.autodraft.support.Bus;
import io.tocsin.autodraft.support.TestClock;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.devstack.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batches settle what cannot change from one read, and still decide transitions one at a time under the metric's lock. */
@QuarkusTest
class SignalBatchingTest {

    @Inject
    SignalService signals;

    @Inject
    TestClock clock;

    @Inject
    Pool pool;

    @BeforeEach
    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static Signal signal(String id, String org, String metric, SignalStatus status, Instant observedAt) {
        return new Signal(id, org, metric, status, null, null, observedAt, null, null, null, SignalSource.ALERTMANAGER);
    }

    static List<SignalOutcome> outcomes(List<SignalReceipt> receipts) {
        return receipts.stream().map(SignalReceipt::outcome).toList();
    }

    @Test
    void signalsOfOneMetricInABatchSeeEachOthersEffects() {
        String org = Api.newOrg();
        Api.metric(org, "checkout-error-rate", "off", "major");
        Instant t = clock.instant().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        List<SignalReceipt> receipts = signals.receiveAll(List.of(
                signal("down", org, "checkout-error-rate", SignalStatus.UNHEALTHY, t),
                signal("up", org, "checkout-error-rate", SignalStatus.HEALTHY, t.plusSeconds(10)),
                signal("down", org, "checkout-error-rate", SignalStatus.UNHEALTHY, t),
                signal("still-up", org, "checkout-error-rate", SignalStatus.HEALTHY, t.plusSeconds(20)),
                signal("late", org, "checkout-error-rate", SignalStatus.UNHEALTHY, t.plusSeconds(5))))
                .await().atMost(Duration.ofSeconds(10));
        assertThat(receipts).containsExactly(
                new SignalReceipt("down", "checkout-error-rate", SignalOutcome.TRANSITION, Health.UNHEALTHY),
                new SignalReceipt("up", "checkout-error-rate", SignalOutcome.TRANSITION, Health.HEALTHY),
                new SignalReceipt("down", "checkout-error-rate", SignalOutcome.DUPLICATE, Health.HEALTHY),
                new SignalReceipt("still-up", "checkout-error-rate", SignalOutcome.UNCHANGED, Health.HEALTHY),
                new SignalReceipt("late", "checkout-error-rate", SignalOutcome.STALE, Health.HEALTHY));
        assertThat(TestDatabase.count("SELECT transition_seq FROM autodraft.metrics WHERE org_id = ?", org)).isEqualTo(2);
    }

    @Test
    void aBatchThatChangesNothingRecordsOnlyItsNewIds() {
        String org = Api.newOrg();
        Api.metric(org, "checkout-error-rate", "off", "major");
        Instant t = clock.instant().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        signals.receiveAll(List.of(signal("down", org, "checkout-error-rate", SignalStatus.UNHEALTHY, t)))
                .await().atMost(Duration.ofSeconds(10));
        Object version = TestDatabase.rows("SELECT xmin::text AS version FROM autodraft.metrics WHERE org_id = ?", org).get(0);

        // Nothing in it can be a transition: a repeat of the current health, a report older than the last transition,
        // an id recorded by an earlier batch and an id repeated within the batch.
        List<SignalReceipt> receipts = signals.receiveAll(List.of(
                signal("again", org, "checkout-error-rate", SignalStatus.UNHEALTHY, t.plusSeconds(10)),
                signal("before", org, "checkout-error-rate", SignalStatus.HEALTHY, t.minusSeconds(10)),
                signal("down", org, "checkout-error-rate", SignalStatus.UNHEALTHY, t),
                signal("again", org, "checkout-error-rate", SignalStatus.UNHEALTHY, t.plusSeconds(10))))
                .await().atMost(Duration.ofSeconds(10));

        assertThat(receipts).containsExactly(
                new SignalReceipt("again", "checkout-error-rate", SignalOutcome.UNCHANGED, Health.UNHEALTHY),
                new SignalReceipt("before", "checkout-error-rate", SignalOutcome.STALE, Health.UNHEALTHY),
                new SignalReceipt("down", "checkout-error-rate", SignalOutcome.DUPLICATE, Health.UNHEALTHY),
                new SignalReceipt("again", "checkout-error-rate", SignalOutcome.DUPLICATE, Health.UNHEALTHY));
        assertThat(TestDatabase.rows("SELECT xmin::text AS version FROM autodraft.metrics WHERE org_id = ?", org).get(0))
                .isEqualTo(version);
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.inbox WHERE message_id LIKE ?", org + "/%")).isEqualTo(3);

        // Sent again later (a retried webhook), when this replica's memory of recent ids no longer answers for them:
        // the inbox finds every one of them recorded.
        clock.advance(RecentSignals.FRESH.plusSeconds(1));
        assertThat(outcomes(signals.receiveAll(List.of(
                signal("before", org, "checkout-error-rate", SignalStatus.HEALTHY, t.minusSeconds(10)),
                signal("again", org, "checkout-error-rate", SignalStatus.UNHEALTHY, t.plusSeconds(10))))
                .await().atMost(Duration.ofSeconds(10)))).containsOnly(SignalOutcome.DUPLICATE);
    }

    @Test
    void twoIdenticalBatchesAtOnceMakeOneTransition() throws Exception {
        String org = Api.newOrg();
        Api.metric(org, "checkout-error-rate", "immediate", "major");
        Instant t = clock.instant().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        List<Signal> batch = List.of(signal("s-1", org, "checkout-error-rate", SignalStatus.UNHEALTHY, t),
                signal("s-2", org, "latency", SignalStatus.UNHEALTHY, t));

        List<List<SignalReceipt>> results = concurrently(org, batch, batch);

        assertThat(results).extracting(SignalBatchingTest::outcomes).containsExactlyInAnyOrder(
                List.of(SignalOutcome.TRANSITION, SignalOutcome.TRANSITION),
                List.of(SignalOutcome.DUPLICATE, SignalOutcome.DUPLICATE));
        assertThat(results).allSatisfy(receipts -> assertThat(receipts).extracting(SignalReceipt::health)
                .containsOnly(Health.UNHEALTHY));
        assertThat(TestDatabase.count("SELECT sum(transition_seq) FROM autodraft.metrics WHERE org_id = ?", org)).isEqualTo(2);
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(1);
    }

    @Test
    void twoBatchesAtOnceReportingTheSameFlipMakeOneTransition() throws Exception {
        String org = Api.newOrg();
        Api.metric(org, "checkout-error-rate", "immediate", "major");
        Instant t = clock.instant().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        List<Signal> first = List.of(signal("a-1", org, "checkout-error-rate", SignalStatus.UNHEALTHY, t),
                signal("a-2", org, "latency", SignalStatus.UNHEALTHY, t));
        List<Signal> second = List.of(signal("b-1", org, "checkout-error-rate", SignalStatus.UNHEALTHY, t),
                signal("b-2", org, "latency", SignalStatus.UNHEALTHY, t));

        List<List<SignalReceipt>> results = concurrently(org, first, second);

        assertThat(results).extracting(SignalBatchingTest::outcomes).containsExactlyInAnyOrder(
                List.of(SignalOutcome.TRANSITION, SignalOutcome.TRANSITION),
                List.of(SignalOutcome.UNCHANGED, SignalOutcome.UNCHANGED));
        assertThat(TestDatabase.count("SELECT sum(transition_seq) FROM autodraft.metrics WHERE org_id = ?", org)).isEqualTo(2);
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.inbox WHERE message_id LIKE ?", org + "/%")).isEqualTo(4);
    }

    @Test
    void twoConsumedBatchesFlippingTheSameMetricsInOppositeOrdersBothCommit() throws Exception {
        String org = Api.newOrg();
        Api.metric(org, "checkout-error-rate", "off", "major");
        Api.metric(org, "latency", "off", "major");
        Instant t = clock.instant().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        // As two replicas' consumers hand them over, in delivery order: each batch needs both metrics' locks.
        List<Signal> first = List.of(signal("a-1", org, "checkout-error-rate", SignalStatus.UNHEALTHY, t),
                signal("a-2", org, "latency", SignalStatus.UNHEALTHY, t));
        List<Signal> second = List.of(signal("b-1", org, "latency", SignalStatus.UNHEALTHY, t),
                signal("b-2", org, "checkout-error-rate", SignalStatus.UNHEALTHY, t));

        // Both start while both locks are held elsewhere. Taking them in delivery order, each batch would get its
        // first metric and wait for the other's: a deadlock, which PostgreSQL breaks by failing one of them.
        List<List<SignalOutcome>> results = concurrently(org, List.of("checkout-error-rate", "latency"),
                () -> pool.withTransaction(tx -> signals.applyRecorded(tx, first)),
                () -> pool.withTransaction(tx -> signals.applyRecorded(tx, second)));

        assertThat(results).containsExactlyInAnyOrder(
                List.of(SignalOutcome.TRANSITION, SignalOutcome.TRANSITION),
                List.of(SignalOutcome.UNCHANGED, SignalOutcome.UNCHANGED));
        assertThat(TestDatabase.count("SELECT sum(transition_seq) FROM autodraft.metrics WHERE org_id = ?", org)).isEqualTo(2);
    }

    private List<List<SignalReceipt>> concurrently(String org, List<Signal> first, List<Signal> second) throws Exception {
        return concurrently(org, List.of("checkout-error-rate"), () -> signals.receiveAll(first),
                () -> signals.receiveAll(second));
    }

    /**
     * Runs both while the {@code held} metrics' locks are held elsewhere, waits until both are stuck in PostgreSQL
     * (on those locks, or on the other's ids), then lets them go.
     */
    private <T> List<T> concurrently(String org, List<String> held, Supplier<Uni<T>> first, Supplier<Uni<T>> second)
            throws Exception {
        long waitingBefore = waiting();
        CompletableFuture<T> one;
        CompletableFuture<T> two;
        try (Connection holder = TestDatabase.connect()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT pg_advisory_xact_lock(hashtext('autodraft.metrics'), hashtext(?))")) {
                for (String metric : held) {
                    lock.setString(1, org + "/" + metric);
                    lock.executeQuery().close();
                }
            }
            one = first.get().subscribeAsCompletionStage();
            two = second.get().subscribeAsCompletionStage();
            await().atMost(Duration.ofSeconds(10)).until(() -> waiting() >= waitingBefore + 2);
            holder.commit();
        }
        return List.of(one.get(10, TimeUnit.SECONDS), two.get(10, TimeUnit.SECONDS));
    }

    /** Sessions of this database waiting for a lock in a signal's statements. */
    private static long waiting() {
        return TestDatabase.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock' AND (query LIKE '%pg_advisory_xact_lock%' OR query LIKE '%autodraft.inbox%')");
    }
}
