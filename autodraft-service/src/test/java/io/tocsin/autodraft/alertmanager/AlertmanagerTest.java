package io.tocsin.autodraft.alertmanager;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tocsin.autodraft.support.Api;
import io.tocsin.autodraft.support.Bus;
import io.tocsin.autodraft.support.TestClock;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.devstack.testing.TestDatabase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Prometheus Alertmanager's webhook (format version 4, as documented in its configuration reference). */
@QuarkusTest
class AlertmanagerTest {

    @Inject
    TestClock clock;

    @BeforeAll
    static void listen() {
        Bus.listen();
    }

    @BeforeEach
    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A notification in Alertmanager's documented webhook format; {@code alerts} is the JSON of its alerts. */
    static String notification(String status, String alerts) {
        return "{\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"HighErrorRate\\\"}\",\"truncatedAlerts\":0,"
                + "\"status\":\"" + status + "\",\"receiver\":\"tocsin\",\"groupLabels\":{\"alertname\":\"HighErrorRate\"},"
                + "\"commonLabels\":{\"alertname\":\"HighErrorRate\",\"job\":\"checkout\"},"
                + "\"commonAnnotations\":{\"summary\":\"Checkout error rate above 5%\"},"
                + "\"externalURL\":\"http://alertmanager.example:9093\",\"alerts\":[" + alerts + "]}";
    }

    static String alert(String status, String labels, Instant startsAt, Instant endsAt, String fingerprint) {
        return "{\"status\":\"" + status + "\",\"labels\":{" + labels + "},"
                + "\"annotations\":{\"summary\":\"Checkout error rate above 5%\",\"runbook_url\":\"https://runbooks.example/checkout\"},"
                + "\"startsAt\":\"" + startsAt + "\",\"endsAt\":\"" + (endsAt == null ? "0001-01-01T00:00:00Z" : endsAt.toString())
                + "\",\"generatorURL\":\"http://prometheus.example:9090/graph?g0.expr=rate%28errors%5B5m%5D%29\","
                + "\"fingerprint\":\"" + fingerprint + "\"}";
    }

    @Test
    void firingAndResolvedAlertsDriveTheMetricsHealth() {
        String org = Api.newOrg();
        Api.metric(org, "checkout-error-rate", "immediate", "major");
        Instant started = clock.instant().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
        String firing = notification("firing", alert("firing", "\"alertname\":\"HighErrorRate\",\"tocsin_metric\":"
                + "\"checkout-error-rate\",\"service\":\"checkout-api\",\"severity\":\"critical\",\"instance\":\"web-1\"",
                started, null, "c3f0d5a0a2b1e4f7"));
        Api.responder(org).body(firing).post("/api/signals/alertmanager").then().statusCode(200)
                .body("signals[0].metric", equalTo("checkout-error-rate")).body("signals[0].outcome", equalTo("transition"))
                .body("signals[0].signalId", equalTo("am:c3f0d5a0a2b1e4f7:firing:" + started));
        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 1);
        var data = Bus.drafts(org).get(0).data();
        assertThat(data.getString("severity")).isEqualTo("SEV1");
        assertThat(Instant.parse(data.getString("unhealthySince"))).isEqualTo(started);

        // Alertmanager repeats the notification while the alert fires: duplicates, nothing written.
        Api.responder(org).body(firing).post("/api/signals/alertmanager").then().statusCode(200)
                .body("signals[0].outcome", equalTo("duplicate"));

        Instant ended = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Api.responder(org).body(notification("resolved", alert("resolved", "\"alertname\":\"HighErrorRate\",\"tocsin_metric\":"
                        + "\"checkout-error-rate\",\"service\":\"checkout-api\"", started, ended, "c3f0d5a0a2b1e4f7")))
                .post("/api/signals/alertmanager").then().statusCode(200).body("signals[0].outcome", equalTo("transition"))
                .body("signals[0].health", equalTo("healthy"));
        assertThat(TestDatabase.rows("SELECT health, last_transition_at FROM autodraft.metrics WHERE org_id = ?", org).get(0))
                .containsEntry("health", "healthy");
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(1);
    }

    @Test
    void alertsWithoutTocsinMetricAreNamedByTheirSlugifiedAlertname() {
        String org = Api.newOrg();
        Instant started = clock.instant().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        Api.responder(org).body(notification("firing", alert("firing", "\"alertname\":\"HighErrorRate\",\"service\":\"Checkout API\","
                + "\"severity\":\"warning\"", started, null, "0a1b2c3d4e5f6071"))).post("/api/signals/alertmanager").then()
                .statusCode(200).body("signals[0].metric", equalTo("high-error-rate"));
        Api.as(org, "viewer").get("/api/metrics/high-error-rate").then().statusCode(200).body("policy", equalTo("off"))
                .body("title", equalTo("high-error-rate")).body("services", equalTo(java.util.List.of("checkout-api")))
                .body("health", equalTo("unhealthy"));
    }

    @Test
    void aMetricStaysUnhealthyWhileAnyOfItsAlertsFires() {
        String org = Api.newOrg();
        Instant t0 = clock.instant().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        String labels = "\"alertname\":\"HighLatency\",\"instance\":\"web-";
        Api.responder(org).body(notification("firing", alert("firing", labels + "1\"", t0, null, "aaaa000000000001") + ","
                + alert("firing", labels + "2\"", t0.plusSeconds(60), null, "aaaa000000000002")))
                .post("/api/signals/alertmanager").then().statusCode(200).body("signals.size()", equalTo(1))
                .body("signals[0].outcome", equalTo("transition"));
        // web-1 resolves, web-2 still fires: the metric stays unhealthy.
        Api.responder(org).body(notification("firing", alert("resolved", labels + "1\"", t0, t0.plusSeconds(300),
                        "aaaa000000000001") + "," + alert("firing", labels + "2\"", t0.plusSeconds(60), null, "aaaa000000000002")))
                .post("/api/signals/alertmanager").then().statusCode(200).body("signals[0].outcome", equalTo("duplicate"));
        assertThat(TestDatabase.rows("SELECT health FROM autodraft.metrics WHERE org_id = ?", org).get(0))
                .containsEntry("health", "unhealthy");
        Api.responder(org).body(notification("resolved", alert("resolved", labels + "1\"", t0, t0.plusSeconds(300),
                        "aaaa000000000001") + "," + alert("resolved", labels + "2\"", t0.plusSeconds(60), t0.plusSeconds(400),
                        "aaaa000000000002")))
                .post("/api/signals/alertmanager").then().statusCode(200).body("signals[0].outcome", equalTo("transition"))
                .body("signals[0].health", equalTo("healthy"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON      | {\"version\":                                                        | body",
            "not an object       | [1,2]                                                                 | body",
            "wrong version       | {\"version\":\"3\",\"alerts\":[]}                                     | version",
            "no alerts           | {\"version\":\"4\"}                                                   | alerts",
            "bad alert status    | {\"version\":\"4\",\"alerts\":[{\"status\":\"pending\",\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"2026-03-15T14:32:00Z\"}]} | alerts[0].status",
            "no metric label     | {\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"job\":\"x\"},\"startsAt\":\"2026-03-15T14:32:00Z\"}]} | alerts[0].labels",
            "bad startsAt        | {\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"soon\"}]} | alerts[0].startsAt",
            "resolved, no endsAt | {\"version\":\"4\",\"alerts\":[{\"status\":\"resolved\",\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"2026-03-15T14:32:00Z\"}]} | alerts[0].endsAt",
            "numeric label       | {\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\",\"n\":1},\"startsAt\":\"2026-03-15T14:32:00Z\"}]} | alerts[0].labels.n"})
    void malformedNotificationsAreRefusedWholeAndChangeNothing(String name, String body, String field) {
        String org = Api.newOrg();
        // A good alert next to a bad one must not be applied either.
        Api.responder(org).body(body).post("/api/signals/alertmanager").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("/problems/validation"))
                .body("errors.field", hasItem(field));
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.metrics WHERE org_id = ?", org)).isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.inbox WHERE message_id LIKE ?", org + "/%")).isZero();
    }

    @Test
    void aBadAlertSpoilsTheWholeNotification() {
        String org = Api.newOrg();
        Instant t0 = clock.instant().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        Api.responder(org).body(notification("firing", alert("firing", "\"alertname\":\"Good\"", t0, null, "bbbb000000000001")
                        + ",{\"status\":\"firing\",\"labels\":{\"alertname\":\"Bad\"},\"startsAt\":\"never\"}"))
                .post("/api/signals/alertmanager").then().statusCode(400).body("errors.field", hasItem("alerts[1].startsAt"));
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.metrics WHERE org_id = ?", org)).isZero();
    }

    @Test
    void theReceiverNeedsAResponderToken() {
        String org = Api.newOrg();
        String body = notification("firing", alert("firing", "\"alertname\":\"A\"", Instant.now(), null, "cccc000000000001"));
        given().contentType(ContentType.JSON).body(body).post("/api/signals/alertmanager").then().statusCode(401)
                .contentType("application/problem+json");
        Api.as(org, "viewer").body(body).post("/api/signals/alertmanager").then().statusCode(403);
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.metrics WHERE org_id = ?", org)).isZero();
    }
}
