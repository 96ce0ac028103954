package io.tocsin.notifier.deliveries;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.notifier.support.Api;
import io.tocsin.notifier.support.Deliveries;
import io.tocsin.notifier.support.Events;
import io.tocsin.notifier.support.Fakes;
import io.tocsin.notifier.support.PagerDutyFake;
import io.tocsin.notifier.support.TestClock;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failed sends: retried with backoff (test settings: base 10 s, doubling, 50 % jitter), 429 after
 * its Retry-After, timeouts (1 s) like 5xx; other 4xx fail at once; admins retry by hand.
 */
@QuarkusTest
class RetryTest {

    @Inject
    TestClock clock;

    @BeforeAll
    static void pagerDuty() {
        PagerDutyFake.acceptAll();
    }

    @BeforeEach
    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void failuresAreRetriedWithBackoffUntilPagerDutyAcceptsExactlyOneTrigger() {
        String org = Api.newOrg();
        Api.pagerDuty(org, "{\"serviceKey\":\"retry-key-0001\"}");
        UUID id = UUID.randomUUID();
        String scenario = "retry-" + id;
        var http = Fakes.http();
        http.stubFor(PagerDutyFake.forIncident(id).inScenario(scenario).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500).withBody("internal error")).willSetStateTo("throttled"));
        http.stubFor(PagerDutyFake.forIncident(id).inScenario(scenario).whenScenarioStateIs("throttled")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")).willSetStateTo("slow"));
        http.stubFor(PagerDutyFake.forIncident(id).inScenario(scenario).whenScenarioStateIs("slow")
                .willReturn(aResponse().withStatus(503).withFixedDelay(3_000)).willSetStateTo("healthy"));
        http.stubFor(PagerDutyFake.forIncident(id).inScenario(scenario).whenScenarioStateIs("healthy")
                .willReturn(PagerDutyFake.accepted()));

        JsonObject incident = Events.incident(org, id, "SEV1", "declared", List.of("checkout-api"));
        Events.send("incident.created", incident, new JsonObject());
        Events.statusChanged(incident, "declared", "resolved");

        // 1st attempt: 500, retried 5–10 s later (base 10 s, jitter). The resolve waits behind the trigger.
        Map<String, Object> trigger = awaitAttempt(id, 1);
        assertThat(trigger.get("last_status_code")).isEqualTo(500);
        assertThat(trigger.get("last_error")).isEqualTo("HTTP 500: internal error");
        assertThat(delay(trigger)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(resolves(id)).isZero();

        // 2nd: 429 with Retry-After: 30 → exactly 30 s later.
        clock.advance(Duration.ofSeconds(10));
        trigger = awaitAttempt(id, 2);
        assertThat(trigger.get("last_status_code")).isEqualTo(429);
        assertThat(delay(trigger)).isEqualTo(Duration.ofSeconds(30));
        assertThat(resolves(id)).isZero();

        // 3rd: no answer within the 1 s send timeout → 20–40 s (10 s × 2², jitter).
        clock.advance(Duration.ofSeconds(30));
        trigger = awaitAttempt(id, 3);
        assertThat((String) trigger.get("last_error")).startsWith("timed out");
        assertThat(trigger.get("last_status_code")).isNull();
        assertThat(delay(trigger)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(40));
        assertThat(resolves(id)).isZero();

        // 4th: accepted; then the resolve goes.
        clock.advance(Duration.ofSeconds(40));
        Deliveries.awaitSettled(id, 2);
        List<Map<String, Object>> rows = Deliveries.of(id);
        assertThat(rows).extracting(r -> r.get("action") + "/" + r.get("status") + "/" + r.get("attempts"))
                .containsExactly("trigger/delivered/4", "resolve/delivered/1");
        List<JsonObject> bodies = PagerDutyFake.bodies(id);
        assertThat(bodies).extracting(b -> b.getString("event_action"))
                .containsExactly("trigger", "trigger", "trigger", "trigger", "resolve");
        long acceptedTriggers = http.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(PagerDutyFake.ENQUEUE)
                        && e.getRequest().getBodyAsString().contains("tocsin-" + id)
                        && e.getRequest().getBodyAsString().contains("\"trigger\"")
                        && e.getResponse().getStatus() == 202)
                .count();
        assertThat(acceptedTriggers).isEqualTo(1);
    }

    @Test
    void aRefusedEventFailsAtOnceWithItsReasonAndAnAdminCanRetryIt() {
        String org = Api.newOrg();
        Api.pagerDuty(org, "{\"serviceKey\":\"refused-key-0002\"}");
        UUID id = UUID.randomUUID();
        String scenario = "refused-" + id;
        Fakes.http().stubFor(PagerDutyFake.forIncident(id).inScenario(scenario).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(
                        "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"Length of 'routing_key' is incorrect\"]}")));
        Fakes.http().stubFor(PagerDutyFake.forIncident(id).inScenario(scenario).whenScenarioStateIs("fixed")
                .willReturn(PagerDutyFake.accepted()));

        Events.send("incident.created", Events.incident(org, id, "SEV2", "declared", List.of("search")), new JsonObject());
        Deliveries.awaitSettled(id, 1);
        Map<String, Object> failed = Deliveries.of(id).get(0);
        assertThat(failed.get("status")).isEqualTo("failed");
        assertThat(failed.get("attempts")).isEqualTo(1);
        assertThat((String) failed.get("last_error")).startsWith("HTTP 400:").contains("Length of 'routing_key' is incorrect");

        String deliveryId = Api.admin(org).queryParam("status", "failed").queryParam("incident", id.toString())
                .get("/api/deliveries").then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].destination", equalTo("pagerduty"))
                .body("items[0].action", equalTo("trigger"))
                .body("items[0].lastStatusCode", equalTo(400))
                .body("items[0].eventType", equalTo("incident.created"))
                .extract().path("items[0].id");

        Fakes.http().setScenarioState(scenario, "fixed");
        Api.as(org, "u-resp", "responder").post("/api/deliveries/" + deliveryId + "/retry").then().statusCode(403);
        Api.admin(Api.newOrg()).post("/api/deliveries/" + deliveryId + "/retry").then().statusCode(404);
        Api.admin(org).post("/api/deliveries/" + deliveryId + "/retry").then().statusCode(200)
                .body("status", equalTo("pending"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(Deliveries.of(id).get(0).get("status")));
        assertThat(Deliveries.of(id).get(0).get("attempts")).isEqualTo(2);
        assertThat(PagerDutyFake.requests(id)).hasSize(2);

        Api.admin(org).post("/api/deliveries/" + deliveryId + "/retry").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("/problems/already-delivered"));
    }

    @Test
    void theDeliveryLogPagesNewestFirstAndFilters() {
        String org = Api.newOrg();
        Api.pagerDuty(org, "{\"serviceKey\":\"list-key-0003\"}");
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        Events.send("incident.created", Events.incident(org, first, "SEV1", "declared", List.of("a")), new JsonObject());
        Events.send("incident.created", Events.incident(org, second, "SEV1", "declared", List.of("b")), new JsonObject());
        Deliveries.awaitSettled(first, 1);
        Deliveries.awaitSettled(second, 1);

        var page = Api.admin(org).queryParam("limit", 1).get("/api/deliveries").then().statusCode(200).extract().jsonPath();
        assertThat(page.getString("items[0].incidentId")).isEqualTo(second.toString());
        assertThat(page.getString("items[0].status")).isEqualTo("delivered");
        var next = Api.admin(org).queryParam("limit", 1).queryParam("cursor", page.getString("nextCursor"))
                .get("/api/deliveries").then().statusCode(200).extract().jsonPath();
        assertThat(next.getString("items[0].incidentId")).isEqualTo(first.toString());
        assertThat(next.getString("nextCursor")).isNull();
        Api.admin(org).queryParam("destination", "webhook").get("/api/deliveries").then().statusCode(200)
                .body("items.size()", equalTo(0));
        Api.admin(org).queryParam("destination", "pagerduty").get("/api/deliveries").then().body("items.size()", equalTo(2));
        Api.admin(org).queryParam("status", "lost").get("/api/deliveries").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        Api.admin(org).queryParam("cursor", "nonsense").get("/api/deliveries").then().statusCode(400);
        Api.as(org, "u-view", "viewer").get("/api/deliveries").then().statusCode(403);
        Api.admin(Api.newOrg()).get("/api/deliveries").then().statusCode(200).body("items.size()", equalTo(0));
    }

    private static Map<String, Object> awaitAttempt(UUID id, int attempts) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Map<String, Object> row = Deliveries.of(id).get(0);
            return ((Number) row.get("attempts")).intValue() == attempts && row.get("last_error") != null
                    && TestDatabase.count("SELECT count(*) FROM notifier.deliveries WHERE incident_id = ? AND lease_until IS NULL"
                            + " AND action = 'trigger'", id) == 1;
        });
        return Deliveries.of(id).get(0);
    }

    private static Duration delay(Map<String, Object> row) {
        Timestamp next = (Timestamp) row.get("next_attempt_at");
        Timestamp recorded = (Timestamp) row.get("updated_at");
        return Duration.between(recorded.toInstant(), next.toInstant());
    }

    private static long resolves(UUID id) {
        return PagerDutyFake.bodies(id).stream().filter(b -> "resolve".equals(b.getString("event_action"))).count();
    }
}
