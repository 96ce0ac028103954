package io.tocsin.autodraft.drafts;

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
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drafts nobody decided within 24 hours are expired, once, and decided drafts are left alone. */
@QuarkusTest
class ExpiryTest {

    static final String SLUG = "checkout-error-rate";

    @Inject
    TestClock clock;

    @Inject
    ExpirySweep sweep;

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
    void aDraftNobodyDecidedIsExpiredAfter24HoursAndOnlyOnce() {
        String org = Api.newOrg();
        Api.metric(org, SLUG, "immediate", "major");
        UUID incident = drafted(org, SLUG);

        clock.advance(Duration.ofHours(23).plusMinutes(58));
        sweep.sweep().await().atMost(Duration.ofSeconds(10));
        assertThat(Bus.outboxed(org, CommandType.EXPIRE_DRAFT)).isZero();

        clock.advance(Duration.ofMinutes(3));
        sweep.sweep().await().atMost(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.expiries(org).size() == 1);
        Event command = Bus.expiries(org).get(0);
        assertThat(command.id()).isEqualTo(command.data().getString("commandId"));
        assertThat(command.source()).isEqualTo("/orgs/" + org + "/metrics/" + SLUG);
        assertThat(command.data().getString("org")).isEqualTo(org);
        assertThat(command.data().getString("origin")).isEqualTo("autodraft");
        assertThat(command.data().getString("incidentId")).isEqualTo(incident.toString());
        assertThat(status(org, incident)).isEqualTo("expiring");
        assertThat(auditKinds(org, SLUG)).as("nothing is audited until the expiry takes effect").doesNotContain("incident.auto_expired");

        sweep.sweep().await().atMost(Duration.ofSeconds(10));
        clock.advance(Duration.ofHours(1));
        sweep.sweep().await().atMost(Duration.ofSeconds(10));
        assertThat(Bus.outboxed(org, CommandType.EXPIRE_DRAFT)).isEqualTo(1);

        // incident-service confirms: the draft is dismissed with reason auto_expired.
        Bus.sendIncidentEvent("incident.auto_dismissed", org, incident, Bus.autoDraftData(org, incident, SLUG, "dismissed",
                clock.instant().minus(Duration.ofHours(25)), new JsonObject().put("from", "draft").put("to", "dismissed")
                        .put("reason", "auto_expired").put("metric", SLUG)), clock.instant());
        await().atMost(Duration.ofSeconds(10)).until(() -> "dismissed".equals(status(org, incident)));
        var audit = Api.as(org, "viewer").get("/api/metrics/" + SLUG + "/audit").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getString("items[0].kind")).isEqualTo("incident.auto_expired");
        assertThat(audit.getString("items[0].incidentId")).isEqualTo(incident.toString());
        assertThat(audit.getString("items[0].details.reason")).isEqualTo("auto_expired");
        assertThat(auditKinds(org, SLUG)).containsOnlyOnce("incident.auto_expired").doesNotContain("incident.auto_dismissed");
    }

    @Test
    void aDraftPublishedWhileItsExpiryIsUnderWayIsAuditedAsPublishedNotExpired() {
        String org = Api.newOrg();
        Api.metric(org, SLUG, "immediate", "major");
        UUID incident = drafted(org, SLUG);
        clock.advance(Duration.ofHours(25));
        sweep.sweep().await().atMost(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.expiries(org).size() == 1);

        // Someone published it just before incident-service ran the expire_draft (which then changes nothing).
        Bus.sendIncidentEvent("incident.auto_published", org, incident, Bus.autoDraftData(org, incident, SLUG, "declared",
                clock.instant(), new JsonObject().put("from", "draft").put("to", "declared").put("by", "u-alice")
                        .put("metric", SLUG)), clock.instant());
        await().atMost(Duration.ofSeconds(10)).until(() -> "published".equals(status(org, incident)));
        assertThat(auditKinds(org, SLUG)).contains("incident.auto_published").doesNotContain("incident.auto_expired");
    }

    private static java.util.List<String> auditKinds(String org, String slug) {
        return Api.as(org, "viewer").get("/api/metrics/" + slug + "/audit").then().statusCode(200).extract().jsonPath()
                .getList("items.kind");
    }

    @Test
    void publishedAndDismissedDraftsAreNotExpired() {
        String org = Api.newOrg();
        UUID published = drafted(org, "latency");
        UUID dismissed = drafted(org, "errors");
        UUID open = drafted(org, "saturation");
        Bus.sendIncidentEvent("incident.auto_published", org, published, Bus.autoDraftData(org, published, "latency",
                "declared", clock.instant(), new JsonObject().put("from", "draft").put("to", "declared").put("by", "u-alice")
                        .put("metric", "latency")), clock.instant());
        Bus.sendIncidentEvent("incident.auto_dismissed", org, dismissed, Bus.autoDraftData(org, dismissed, "errors",
                "dismissed", clock.instant(), new JsonObject().put("from", "draft").put("to", "dismissed")
                        .put("reason", "operator_dismiss").put("by", "u-bob").put("metric", "errors")), clock.instant());
        await().atMost(Duration.ofSeconds(10)).until(() -> "published".equals(status(org, published))
                && "dismissed".equals(status(org, dismissed)));

        clock.advance(Duration.ofHours(25));
        sweep.sweep().await().atMost(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.expiries(org).size() == 1);
        assertThat(Bus.expiries(org).get(0).data().getString("incidentId")).isEqualTo(open.toString());
        assertThat(Bus.outboxed(org, CommandType.EXPIRE_DRAFT)).isEqualTo(1);
    }

    @Test
    void concurrentSweepsExpireEachDraftOnce() {
        String org = Api.newOrg();
        List<UUID> drafts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            drafts.add(drafted(org, "metric-" + i));
        }
        clock.advance(Duration.ofHours(25));
        List<Uni<Integer>> sweeps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sweeps.add(sweep.sweep());
        }
        Uni.join().all(sweeps).andCollectFailures().await().atMost(Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.expiries(org).size() >= 6);
        assertThat(Bus.outboxed(org, CommandType.EXPIRE_DRAFT)).isEqualTo(6);
        assertThat(Bus.expiries(org)).extracting(e -> e.data().getString("incidentId"))
                .containsExactlyInAnyOrderElementsOf(drafts.stream().map(UUID::toString).toList());
    }

    @Test
    void theScheduledSweepRunsOncePerIntervalAcrossReplicas() throws SQLException {
        TestDatabase.execute("UPDATE autodraft.schedules SET next_run_at = '-infinity' WHERE name = 'draft-expiry'");
        List<Integer> runs = Uni.join().all(sweep.runIfDue(), sweep.runIfDue(), sweep.runIfDue(), sweep.runIfDue())
                .andCollectFailures().await().atMost(Duration.ofSeconds(20));
        // At most one replica takes the run (this service's own timer may have taken it first).
        assertThat(runs.stream().filter(r -> r >= 0).count()).isLessThanOrEqualTo(1);
        Instant next = ((Timestamp) TestDatabase.rows("SELECT next_run_at FROM autodraft.schedules WHERE name = 'draft-expiry'")
                .get(0).get("next_run_at")).toInstant();
        assertThat(next).isAfter(clock.instant().plus(Duration.ofMinutes(14)));
        assertThat(sweep.runIfDue().await().atMost(Duration.ofSeconds(10))).isEqualTo(-1);

        clock.advance(Duration.ofMinutes(16));
        assertThat(sweep.runIfDue().await().atMost(Duration.ofSeconds(10))).isGreaterThanOrEqualTo(0);
    }

    /** incident-service created a draft for our request now: the auto_drafted event arrives. */
    private UUID drafted(String org, String metric) {
        UUID incident = UUID.randomUUID();
        Bus.sendIncidentEvent("incident.auto_drafted", org, incident, Bus.autoDraftData(org, incident, metric, "draft",
                clock.instant(), new JsonObject().put("metric", metric).put("metricTitle", "Checkout error rate")
                        .put("value", 0.12).put("threshold", "> 5%").put("observedAt", clock.instant().toString())
                        .put("publishUrl", "https://tocsin.example/api/incidents/auto-action?token=p")
                        .put("dismissUrl", "https://tocsin.example/api/incidents/auto-action?token=d")), clock.instant());
        await().atMost(Duration.ofSeconds(10)).until(() -> "open".equals(status(org, incident)));
        return incident;
    }

    static String status(String org, UUID incident) {
        var rows = TestDatabase.rows("SELECT status FROM autodraft.drafts WHERE org_id = ? AND incident_id = ?", org, incident);
        return rows.isEmpty() ? null : (String) rows.get(0).get("status");
    }
}
