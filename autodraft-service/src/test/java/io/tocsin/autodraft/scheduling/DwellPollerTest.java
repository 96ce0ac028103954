package io.tocsin.autodraft.scheduling;

import static io.tocsin.autodraft.support.Api.metric;
import static io.tocsin.autodraft.support.Api.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.support.Api;
import io.tocsin.autodraft.support.Bus;
import io.tocsin.autodraft.support.TestClock;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.devstack.testing.TestBroker.Event;
import io.tocsin.devstack.testing.TestDatabase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dwell checks live in the database: overdue ones fire when polled, and racing pollers fire each once. */
@QuarkusTest
class DwellPollerTest {

    @Inject
    TestClock clock;

    @Inject
    DwellPoller poller;

    @BeforeAll
    static void listen() {
        Bus.listen();
    }

    @BeforeEach
    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aCheckThatCameDueWhileTheServiceWasDownFiresOnceWhenPolled() {
        String org = Api.newOrg();
        metric(org, "checkout-error-rate", "{\"title\":\"Checkout error rate\",\"policy\":\"dwell\",\"dwellSeconds\":300}");
        report(org, "checkout-error-rate", "unhealthy");
        Instant flip = Instant.parse(Api.as(org, "viewer").get("/api/metrics/checkout-error-rate").then().extract()
                .path("unhealthySince"));

        // Two hours pass with nobody polling; then several rounds (a restarted replica and its peers) run at once.
        clock.advance(Duration.ofHours(2));
        Uni.join().all(poller.pollOnce(), poller.pollOnce(), poller.pollOnce()).andCollectFailures()
                .await().atMost(Duration.ofSeconds(20));
        poller.pollOnce().await().atMost(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 1);
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(1);
        assertThat(PolicyTest.checks(org)).isZero();
        var data = Bus.drafts(org).get(0).data();
        assertThat(Instant.parse(data.getString("unhealthySince"))).isEqualTo(flip);
        assertThat(Instant.parse(data.getString("observedAt"))).isAfter(flip.plus(Duration.ofHours(2)).minusSeconds(1));
    }

    @Test
    void concurrentPollRoundsRequestExactlyOneDraftPerCheck() {
        String org = Api.newOrg();
        int metrics = 24;
        for (int i = 0; i < metrics; i++) {
            metric(org, "metric-" + i, "{\"title\":\"Metric " + i + "\",\"policy\":\"dwell\",\"dwellSeconds\":60}");
            report(org, "metric-" + i, "unhealthy");
        }
        assertThat(PolicyTest.checks(org)).isEqualTo(metrics);

        clock.advance(Duration.ofSeconds(61));
        // Four replicas drain the due checks at once (rounds of 5 in tests), racing this service's own poller.
        List<Uni<Integer>> replicas = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            replicas.add(drain());
        }
        Uni.join().all(replicas).andCollectFailures().await().atMost(Duration.ofSeconds(60));

        await().atMost(Duration.ofSeconds(20)).until(() -> Bus.drafts(org).size() >= metrics && PolicyTest.checks(org) == 0);
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(metrics);
        assertThat(Bus.drafts(org)).hasSize(metrics).extracting(Event::id).doesNotHaveDuplicates();
        assertThat(Bus.drafts(org)).extracting(e -> e.data().getString("metric")).doesNotHaveDuplicates();
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.audit WHERE org_id = ? AND kind = ?", org,
                "incident.auto_draft_requested")).isEqualTo(metrics);
    }

    @Test
    void aCheckThatFailsIsPostponedAndTheChecksBehindItStillFire() throws Exception {
        String org = Api.newOrg();
        metric(org, "poisoned", "{\"title\":\"Poisoned\",\"policy\":\"dwell\",\"dwellSeconds\":60}");
        report(org, "poisoned", "unhealthy");
        clock.advance(Duration.ofSeconds(1));
        metric(org, "behind", "{\"title\":\"Behind\",\"policy\":\"dwell\",\"dwellSeconds\":60}");
        report(org, "behind", "unhealthy");
        // The poisoned check fails when it fires (its audit row is refused), every time, until the fault is removed.
        TestDatabase.execute("CREATE OR REPLACE FUNCTION autodraft.refuse_poisoned_audit() RETURNS trigger AS $$"
                + " BEGIN RAISE EXCEPTION 'injected failure for %', NEW.metric; END $$ LANGUAGE plpgsql");
        TestDatabase.execute("CREATE TRIGGER refuse_poisoned_audit BEFORE INSERT ON autodraft.audit FOR EACH ROW"
                + " WHEN (NEW.org_id = '" + org + "' AND NEW.metric = 'poisoned') EXECUTE FUNCTION autodraft.refuse_poisoned_audit()");
        try {
            clock.advance(Duration.ofSeconds(61));
            drain().await().atMost(Duration.ofSeconds(30));

            await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 1);
            assertThat(Bus.drafts(org).get(0).data().getString("metric")).isEqualTo("behind");
            assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.dwell_checks WHERE org_id = ? AND metric = 'poisoned'"
                    + " AND due_at > ?", org, java.sql.Timestamp.from(clock.instant()))).as("postponed, not dropped").isEqualTo(1);
        } finally {
            TestDatabase.execute("DROP TRIGGER refuse_poisoned_audit ON autodraft.audit");
        }

        clock.advance(DwellPoller.RETRY_DELAY);
        drain().await().atMost(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 2);
        assertThat(Bus.drafts(org)).extracting(e -> e.data().getString("metric")).containsExactly("behind", "poisoned");
        assertThat(PolicyTest.checks(org)).isZero();
    }

    private Uni<Integer> drain() {
        return poller.pollOnce().flatMap(count -> count == 0 ? Uni.createFrom().item(0) : drain());
    }
}
