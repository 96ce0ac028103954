package io.tocsin.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3: PagerDuty calls the public webhook route of the gateway with a signed (v3)
 * {@code incident.acknowledged}; the incident moves to investigating with the engineer on its
 * timeline. A wrong signature changes nothing.
 */
class PagerDutyAcknowledgementTest {

    private static Suite suite;

    @BeforeAll
    static void start() {
        suite = Suite.get();
    }

    @Test
    void aSignedAcknowledgementMovesTheIncidentToInvestigatingNamingTheEngineer() throws Exception {
        String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = "pd-webhook-secret-" + UUID.randomUUID();
        suite.pageEverything(org, secret);
        String id = suite.as(org, "responder").body("{\"title\":\"Payments failing\",\"severity\":\"SEV1\",\"services\":[\"payments\"]}")
                .post("/api/incidents").then().statusCode(201).extract().path("id");
        await("paged").atMost(Duration.ofSeconds(30)).until(() -> suite.fakes().pagerDuty().incident("tocsin-" + id) != null);

        String body = acknowledged(id).encode();
        given().baseUri(suite.gatewayUrl()).contentType(ContentType.JSON).header("X-PagerDuty-Signature", "v1=" + hmac("not-the-secret", body))
                .body(body).post("/api/v1/pagerduty/webhook").then().statusCode(401);
        assertThat(status(org, id)).isEqualTo("declared");

        given().baseUri(suite.gatewayUrl()).contentType(ContentType.JSON)
                .header("X-PagerDuty-Signature", "v1=" + hmac("an-old-secret", body) + ",v1=" + hmac(secret, body))
                .body(body).post("/api/v1/pagerduty/webhook").then().statusCode(202);

        await("investigating").atMost(Duration.ofSeconds(30)).until(() -> "investigating".equals(status(org, id)));
        JsonObject incident = new JsonObject(suite.as(org, "viewer").get("/api/incidents/" + id).then().extract().asString());
        assertThat(incident.getString("acknowledgedAt")).isNotNull();
        List<Map<String, Object>> timeline = suite.as(org, "viewer").get("/api/incidents/" + id + "/timeline").then().statusCode(200)
                .extract().jsonPath().getList("items");
        Map<String, Object> last = timeline.get(timeline.size() - 1);
        assertThat(last.get("kind")).isEqualTo("external_acknowledged");
        assertThat(last.get("message").toString()).contains("Jane Engineer").contains("jane@example.com");

        // PagerDuty retries a webhook it thinks failed: the same event id is dropped.
        given().baseUri(suite.gatewayUrl()).contentType(ContentType.JSON).header("X-PagerDuty-Signature", "v1=" + hmac(secret, body))
                .body(body).post("/api/v1/pagerduty/webhook").then().statusCode(204);
        // The acknowledgement came from PagerDuty: nothing is sent back to it.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                suite.fakes().pagerDuty().incident("tocsin-" + id).actions().equals(List.of("trigger")));
    }

    private static String status(String org, String id) {
        return suite.as(org, "viewer").get("/api/incidents/" + id).then().statusCode(200).extract().path("status");
    }

    private static JsonObject acknowledged(String id) {
        JsonObject agent = new JsonObject().put("id", "PENG42").put("type", "user_reference").put("summary", "Jane Engineer")
                .put("email", "jane@example.com").put("html_url", "https://example.pagerduty.com/users/PENG42");
        JsonObject data = new JsonObject().put("id", "Q0PD" + id.substring(0, 8)).put("type", "incident").put("status", "acknowledged")
                .put("incident_key", "tocsin-" + id).put("title", "Payments failing")
                .put("assignees", new JsonArray().add(agent.copy()));
        return new JsonObject().put("event", new JsonObject().put("id", "01EV" + UUID.randomUUID().toString().replace("-", ""))
                .put("event_type", "incident.acknowledged").put("resource_type", "incident")
                .put("occurred_at", Instant.now().toString()).put("agent", agent).put("data", data));
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
