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
import io.tocsin.devstack.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One draft per metric per hour: after a draft request, and after an operator dismissed its draft. */
@QuarkusTest
class CooldownTest {

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
    void aFlapWithinAnHourOfADraftIsSkippedAndAudited() {
        String org = Api.newOrg();
        metric(org, SLUG, "immediate", "major");
        report(org, SLUG, "unhealthy");
        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 1);
        drafted(org);

        clock.advance(Duration.ofMinutes(10));
        report(org, SLUG, "healthy");
        assertThat(report(org, SLUG, "unhealthy")).isEqualTo("transition");
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(1);
        var audit = Api.as(org, "viewer").get("/api/metrics/" + SLUG + "/audit").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getString("items[0].kind")).isEqualTo("incident.auto_draft_skipped");
        assertThat(audit.getString("items[0].details.reason")).isEqualTo("cooldown_recent_draft");
        assertThat(audit.getString("items[0].details.trigger")).isEqualTo("immediate");
        assertThat(audit.getString("items[0].details.since")).isNotNull();

        clock.advance(Duration.ofMinutes(51));
        report(org, SLUG, "healthy");
        report(org, SLUG, "unhealthy");
        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 2);
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(2);
    }

    @Test
    void aRequestFoldedIntoAnOpenIncidentStartsNoCooldown() {
        String org = Api.newOrg();
        metric(org, SLUG, "immediate", "major");
        report(org, SLUG, "unhealthy");
        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 1);
        // incident-service appended to an incident already open on the service: no auto_drafted comes back.

        report(org, SLUG, "healthy");
        report(org, SLUG, "unhealthy");
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(1);
        assertThat(TestDatabase.rows("SELECT details->>'reason' AS reason FROM autodraft.audit WHERE org_id = ?"
                + " AND kind = 'incident.auto_draft_skipped'", org)).extracting(r -> r.get("reason"))
                .containsExactly("draft_request_in_flight");

        clock.advance(Duration.ofMinutes(3));
        report(org, SLUG, "healthy");
        report(org, SLUG, "unhealthy");
        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 2);
    }

    /** What incident-service answers when it created the requested draft. */
    private void drafted(String org) {
        UUID incident = UUID.randomUUID();
        Bus.sendIncidentEvent("incident.auto_drafted", org, incident,
                Bus.autoDraftData(org, incident, SLUG, "draft", clock.instant(), new JsonObject().put("metric", SLUG)),
                clock.instant());
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM autodraft.metrics WHERE org_id = ? AND last_drafted_at IS NOT NULL", org) == 1);
    }

    @Test
    void anOperatorsDismissalHoldsTheNextDraftBackForAnHour() {
        String org = Api.newOrg();
        metric(org, SLUG, "immediate", "major");
        report(org, SLUG, "unhealthy");
        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 1);
        UUID incident = UUID.randomUUID();
        Bus.sendIncidentEvent("incident.auto_drafted", org, incident,
                Bus.autoDraftData(org, incident, SLUG, "draft", clock.instant(), new JsonObject().put("metric", SLUG)),
                clock.instant());

        clock.advance(Duration.ofMinutes(50));
        Bus.sendIncidentEvent("incident.auto_dismissed", org, incident, Bus.autoDraftData(org, incident, SLUG, "dismissed",
                clock.instant().minus(Duration.ofMinutes(50)), new JsonObject().put("from", "draft").put("to", "dismissed")
                        .put("reason", "operator_dismiss").put("by", "u-bob").put("metric", SLUG)), clock.instant());
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM autodraft.metrics WHERE org_id = ? AND last_dismissed_at IS NOT NULL", org) == 1);

        // 65 minutes after the draft request, but 15 after the dismissal.
        clock.advance(Duration.ofMinutes(15));
        report(org, SLUG, "healthy");
        report(org, SLUG, "unhealthy");
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(1);
        var audit = Api.as(org, "viewer").get("/api/metrics/" + SLUG + "/audit").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getString("items[0].kind")).isEqualTo("incident.auto_draft_skipped");
        assertThat(audit.getString("items[0].details.reason")).isEqualTo("cooldown_recent_dismissal");

        clock.advance(Duration.ofMinutes(46));
        report(org, SLUG, "healthy");
        report(org, SLUG, "unhealthy");
        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 2);
    }

    @Test
    void anExpiryIsNotAnOperatorsDismissalAndStartsNoCooldown() {
        String org = Api.newOrg();
        metric(org, SLUG, "immediate", "major");
        UUID incident = UUID.randomUUID();
        Instant created = clock.instant().minus(Duration.ofHours(25));
        Bus.sendIncidentEvent("incident.auto_dismissed", org, incident, Bus.autoDraftData(org, incident, SLUG, "dismissed",
                created, new JsonObject().put("from", "draft").put("to", "dismissed").put("reason", "auto_expired")
                        .put("metric", SLUG)), clock.instant());
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM autodraft.audit WHERE org_id = ? AND kind = 'incident.auto_expired'", org) == 1);

        report(org, SLUG, "unhealthy");
        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 1);
        assertThat(TestDatabase.rows("SELECT last_dismissed_at FROM autodraft.metrics WHERE org_id = ?", org).get(0)
                .get("last_dismissed_at")).isNull();
    }

    @Test
    void aDwellCheckThatComesDueDuringTheCooldownIsSkipped() {
        String org = Api.newOrg();
        metric(org, SLUG, "{\"title\":\"Checkout error rate\",\"policy\":\"dwell\",\"dwellSeconds\":60}");
        report(org, SLUG, "unhealthy");
        clock.advance(Duration.ofSeconds(61));
        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 1);
        drafted(org);

        clock.advance(Duration.ofMinutes(5));
        report(org, SLUG, "healthy");
        report(org, SLUG, "unhealthy");
        clock.advance(Duration.ofSeconds(61));
        poller.pollOnce().await().atMost(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> PolicyTest.checks(org) == 0);
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(1);
        var skipped = TestDatabase.rows("SELECT details->>'reason' AS reason, details->>'trigger' AS trigger FROM autodraft.audit"
                + " WHERE org_id = ? AND kind = 'incident.auto_draft_skipped'", org);
        assertThat(skipped).hasSize(1);
        assertThat(skipped.get(0)).containsEntry("reason", "cooldown_recent_draft").containsEntry("trigger", "dwell");
    }
}
