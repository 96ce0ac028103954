package io.tocsin.autodraft.scheduling;

import static io.tocsin.autodraft.support.Api.metric;
import static io.tocsin.autodraft.support.Api.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.autodraft.support.Api;
import io.tocsin.autodraft.support.Bus;
import io.tocsin.autodraft.support.TestClock;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.devstack.testing.TestBroker.Event;
import io.tocsin.devstack.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SPEC §5.3: what a flip to unhealthy does under each policy, with time moved by the clock. */
@QuarkusTest
class PolicyTest {

    static final String SLUG = "checkout-error-rate";

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
    void offRecordsTheHealthAndRequestsNothing() {
        String org = Api.newOrg();
        metric(org, SLUG, "off", "major");
        assertThat(report(org, SLUG, "unhealthy")).isEqualTo("transition");
        clock.advance(Duration.ofHours(2));
        poller.pollOnce().await().atMost(Duration.ofSeconds(10));

        assertThat(TestDatabase.rows("SELECT health FROM autodraft.metrics WHERE org_id = ?", org).get(0))
                .containsEntry("health", "unhealthy");
        assertThat(checks(org)).isZero();
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isZero();
        assertThat(auditKinds(org)).containsExactly("metric.policy_changed");
    }

    @Test
    void immediateRequestsTheDraftInTheTransactionOfTheFlip() {
        String org = Api.newOrg();
        metric(org, SLUG, "immediate", "major");
        Instant observedAt = clock.instant().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        assertThat(report(org, SLUG, "unhealthy", "sig-1", observedAt.toString(), 0.12)).isEqualTo("transition");

        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 1);
        Event command = Bus.drafts(org).get(0);
        JsonObject data = command.data();
        assertThat(command.id()).isEqualTo(data.getString("commandId"));
        assertThat(command.source()).isEqualTo("/orgs/" + org + "/metrics/" + SLUG);
        assertThat(data.getString("org")).isEqualTo(org);
        assertThat(data.getString("origin")).isEqualTo("autodraft");
        assertThat(data.getString("metric")).isEqualTo(SLUG);
        assertThat(data.getString("metricTitle")).isEqualTo("Checkout error rate");
        assertThat(data.getJsonArray("services").getList()).containsExactly("checkout-api");
        assertThat(data.getString("severity")).isEqualTo("SEV2");
        assertThat(data.getDouble("value")).isEqualTo(0.12);
        assertThat(data.getString("threshold")).isEqualTo("> 5% over 5 min");
        assertThat(data.getValue("score")).isNull();
        assertThat(Instant.parse(data.getString("unhealthySince"))).isEqualTo(observedAt);
        assertThat(Instant.parse(data.getString("observedAt"))).isEqualTo(observedAt);

        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(1);
        var audit = Api.as(org, "viewer").get("/api/metrics/" + SLUG + "/audit").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getString("items[0].kind")).isEqualTo("incident.auto_draft_requested");
        assertThat(audit.getString("items[0].details.commandId")).isEqualTo(command.id());
        assertThat(audit.getString("items[0].details.trigger")).isEqualTo("immediate");
        assertThat(TestDatabase.rows("SELECT last_draft_requested_at FROM autodraft.metrics WHERE org_id = ?", org).get(0)
                .get("last_draft_requested_at")).isNotNull();
    }

    @Test
    void dwellRequestsTheDraftOnlyOnceTheMetricStayedUnhealthyForTheDwell() {
        String org = Api.newOrg();
        metric(org, SLUG, "{\"title\":\"Checkout error rate\",\"services\":[\"checkout-api\",\"payments\"],"
                + "\"policy\":\"dwell\",\"dwellSeconds\":120,\"severity\":\"critical\"}");
        report(org, SLUG, "unhealthy");
        Instant flip = unhealthySince(org);
        assertThat(TestDatabase.rows("SELECT due_at FROM autodraft.dwell_checks WHERE org_id = ?", org)).hasSize(1);

        clock.advance(Duration.ofSeconds(100));
        poller.pollOnce().await().atMost(Duration.ofSeconds(10));
        assertThat(checks(org)).isEqualTo(1);
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isZero();

        clock.advance(Duration.ofSeconds(21));
        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 1);
        JsonObject data = Bus.drafts(org).get(0).data();
        assertThat(data.getString("severity")).isEqualTo("SEV1");
        assertThat(data.getJsonArray("services").getList()).containsExactly("checkout-api", "payments");
        assertThat(Instant.parse(data.getString("unhealthySince"))).isEqualTo(flip);
        assertThat(Instant.parse(data.getString("observedAt"))).isAfterOrEqualTo(flip.plusSeconds(120));
        assertThat(checks(org)).isZero();
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(1);
        assertThat(auditKinds(org).get(0)).isEqualTo("incident.auto_draft_requested");
    }

    @Test
    void dwellRequestsNothingWhenTheMetricRecoveredDuringTheDwell() {
        String org = Api.newOrg();
        metric(org, SLUG, "{\"title\":\"Checkout error rate\",\"policy\":\"dwell\",\"dwellSeconds\":120}");
        report(org, SLUG, "unhealthy");
        clock.advance(Duration.ofSeconds(40));
        assertThat(report(org, SLUG, "healthy")).isEqualTo("transition");

        clock.advance(Duration.ofSeconds(100));
        poller.pollOnce().await().atMost(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> checks(org) == 0);
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isZero();
        assertThat(auditKinds(org)).containsExactly("metric.policy_changed");
    }

    @Test
    void aRecoveryAndANewFlipTimeTheDraftFromTheSecondFlip() {
        String org = Api.newOrg();
        metric(org, SLUG, "{\"title\":\"Checkout error rate\",\"policy\":\"dwell\",\"dwellSeconds\":120}");
        report(org, SLUG, "unhealthy");
        clock.advance(Duration.ofSeconds(30));
        report(org, SLUG, "healthy");
        clock.advance(Duration.ofSeconds(30));
        report(org, SLUG, "unhealthy");
        Instant secondFlip = unhealthySince(org);
        assertThat(checks(org)).isEqualTo(2);

        // The first flip's check comes due: the metric is unhealthy, but not in that flip any more.
        clock.advance(Duration.ofSeconds(65));
        poller.pollOnce().await().atMost(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> checks(org) == 1);
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isZero();

        clock.advance(Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 1);
        assertThat(Instant.parse(Bus.drafts(org).get(0).data().getString("unhealthySince"))).isEqualTo(secondFlip);
        assertThat(checks(org)).isZero();
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(1);
    }

    @Test
    void aCheckIsVoidWhenAutoDraftingWasTurnedOffMeanwhile() {
        String org = Api.newOrg();
        metric(org, SLUG, "{\"title\":\"Checkout error rate\",\"policy\":\"dwell\",\"dwellSeconds\":60}");
        report(org, SLUG, "unhealthy");
        metric(org, SLUG, "{\"title\":\"Checkout error rate\",\"policy\":\"off\"}");
        clock.advance(Duration.ofSeconds(61));
        poller.pollOnce().await().atMost(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> checks(org) == 0);
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isZero();
    }

    @Test
    void theSignalsScoreOrSeverityOverridesTheConfiguredSeverity() {
        String org = Api.newOrg();
        metric(org, "latency", "immediate", "minor");
        metric(org, "errors", "immediate", "minor");
        metric(org, "saturation", "immediate", "minor");
        Bus.sendSignal("m-1", Bus.signal("s-1", org, "latency", "unhealthy", "\"score\":0.93"));
        Bus.sendSignal("m-2", Bus.signal("s-2", org, "errors", "unhealthy", "\"score\":0.65"));
        Bus.sendSignal("m-3", Bus.signal("s-3", org, "saturation", "unhealthy", null));
        // Below 0.4 an "unhealthy" signal counts as healthy: no flip, no draft.
        metric(org, "noise", "immediate", "critical");
        Bus.sendSignal("m-4", Bus.signal("s-4", org, "noise", "unhealthy", "\"score\":0.3"));

        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 3
                && TestDatabase.count("SELECT count(*) FROM autodraft.metrics WHERE org_id = ? AND health <> 'unknown'", org) == 4);
        assertThat(Bus.drafts(org)).extracting(e -> e.data().getString("metric") + ":" + e.data().getString("severity")
                        + ":" + e.data().getValue("score"))
                .containsExactlyInAnyOrder("latency:SEV1:0.93", "errors:SEV2:0.65", "saturation:SEV3:null");
        assertThat(TestDatabase.rows("SELECT health FROM autodraft.metrics WHERE org_id = ? AND slug = 'noise'", org).get(0))
                .containsEntry("health", "healthy");
    }

    private Instant unhealthySince(String org) {
        return Instant.parse(Api.as(org, "viewer").get("/api/metrics/" + SLUG).then().extract().path("unhealthySince"));
    }

    static long checks(String org) {
        return TestDatabase.count("SELECT count(*) FROM autodraft.dwell_checks WHERE org_id = ?", org);
    }

    static List<String> auditKinds(String org) {
        return TestDatabase.rows("SELECT kind FROM autodraft.audit WHERE org_id = ? ORDER BY position DESC", org).stream()
                .map(row -> (String) row.get("kind")).toList();
    }
}
