package io.tocsin.autodraft.pagerduty;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.tocsin.autodraft.support.Api;
import io.tocsin.autodraft.support.Bus;
import io.tocsin.devstack.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The PagerDuty Events API v2-compatible intake and its routing keys. */
@QuarkusTest
class PagerDutyIntakeTest {

    static final String ENQUEUE = "/api/signals/pagerduty/v2/enqueue";

    @BeforeAll
    static void listen() {
        Bus.listen();
    }

    /** A trigger as PagerDuty documents it (payload fields, client, links, images). */
    static String trigger(String routingKey, String dedupKey, String severity, String timestamp) {
        return "{\"routing_key\":\"" + routingKey + "\",\"event_action\":\"trigger\""
                + (dedupKey == null ? "" : ",\"dedup_key\":\"" + dedupKey + "\"")
                + ",\"payload\":{\"summary\":\"Checkout error rate above 5% on checkout-api\",\"source\":\"prometheus-eu-1\","
                + "\"severity\":\"" + severity + "\"" + (timestamp == null ? "" : ",\"timestamp\":\"" + timestamp + "\"")
                + ",\"component\":\"checkout-api\",\"group\":\"prod-eu\",\"class\":\"error rate\","
                + "\"custom_details\":{\"error_rate\":\"12%\",\"threshold\":\"5%\"}},"
                + "\"client\":\"Grafana\",\"client_url\":\"https://grafana.example/d/checkout\","
                + "\"links\":[{\"href\":\"https://grafana.example/d/checkout\",\"text\":\"Dashboard\"}],"
                + "\"images\":[{\"src\":\"https://grafana.example/render.png\",\"alt\":\"graph\"}]}";
    }

    static ValidatableResponse enqueue(String body) {
        return given().contentType(ContentType.JSON).body(body).post(ENQUEUE).then();
    }

    @Test
    void intakeKeysAreShownOnceAndStoredAsHashes() throws Exception {
        String org = Api.newOrg();
        var created = Api.admin(org).body("{\"name\":\"Grafana\",\"service\":\"checkout-api\"}").post("/api/intake-keys").then()
                .statusCode(201).header("Location", matchesPattern(".*/api/intake-keys/[0-9a-f-]{36}"))
                .body("key", matchesPattern("[0-9a-f]{32}")).body("service", equalTo("checkout-api"))
                .body("createdBy", equalTo("u-admin")).extract();
        String key = created.path("key");
        String id = created.path("id");
        assertThat(created.<String>path("keyLast4")).isEqualTo(key.substring(28));

        Api.admin(org).get("/api/intake-keys").then().statusCode(200).body("size()", equalTo(1))
                .body("[0].id", equalTo(id)).body("[0].key", nullValue()).body("[0].keyLast4", equalTo(key.substring(28)));
        var stored = TestDatabase.rows("SELECT key_hash FROM autodraft.intake_keys WHERE org_id = ?", org).get(0);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        assertThat(stored).containsEntry("key_hash", sha256);
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.intake_keys WHERE key_hash = ? OR key_last4 = ?", key, key))
                .isZero();

        Api.responder(org).get("/api/intake-keys").then().statusCode(403);
        Api.admin(org).body("{\"name\":\"x\",\"service\":\"Not A Slug\"}").post("/api/intake-keys").then().statusCode(400)
                .body("errors[0].field", equalTo("service"));
        Api.admin(org).delete("/api/intake-keys/" + id).then().statusCode(204);
        Api.admin(org).delete("/api/intake-keys/" + id).then().statusCode(404);
        enqueue(trigger(key, "k-1", "critical", null)).statusCode(400).body("errors", hasItem("Invalid routing key"));
    }

    @Test
    void triggerAndResolveTurnTheDedupKeysMetricUnhealthyAndHealthy() {
        String org = Api.newOrg();
        String key = Api.intakeKey(org, "checkout-api");
        enqueue(trigger(key, "srv01/HTTP", "error", "2026-01-01T10:00:00.000+0000")).statusCode(202)
                .contentType(ContentType.JSON).body("status", equalTo("success")).body("message", equalTo("Event processed"))
                .body("dedup_key", equalTo("srv01/HTTP")).body("errors", nullValue());
        Api.as(org, "viewer").get("/api/metrics/srv01-http").then().statusCode(200).body("health", equalTo("unhealthy"))
                .body("services", equalTo(java.util.List.of("checkout-api"))).body("policy", equalTo("off"));

        // acknowledge: accepted, nothing changes.
        enqueue("{\"routing_key\":\"" + key + "\",\"event_action\":\"acknowledge\",\"dedup_key\":\"srv01/HTTP\"}").statusCode(202)
                .body("status", equalTo("success")).body("dedup_key", equalTo("srv01/HTTP"));
        assertThat(TestDatabase.rows("SELECT health, transition_seq FROM autodraft.metrics WHERE org_id = ?", org).get(0))
                .containsEntry("health", "unhealthy").containsEntry("transition_seq", 1L);

        enqueue("{\"routing_key\":\"" + key + "\",\"event_action\":\"resolve\",\"dedup_key\":\"srv01/HTTP\"}").statusCode(202);
        Api.as(org, "viewer").get("/api/metrics/srv01-http").then().body("health", equalTo("healthy"));

        // A sender retrying the first trigger (its answer was lost) must not turn the metric unhealthy again.
        enqueue(trigger(key, "srv01/HTTP", "error", "2026-01-01T10:00:00.000+0000")).statusCode(202);
        assertThat(TestDatabase.rows("SELECT health, transition_seq FROM autodraft.metrics WHERE org_id = ?", org).get(0))
                .containsEntry("health", "healthy").containsEntry("transition_seq", 2L);
    }

    @Test
    void aTriggerWithoutDedupKeyGetsOneGenerated() {
        String org = Api.newOrg();
        String key = Api.intakeKey(org, "payments");
        String dedupKey = enqueue(trigger(key, null, "critical", null)).statusCode(202).body("dedup_key", notNullValue())
                .extract().path("dedup_key");
        assertThat(dedupKey).matches("[0-9a-f]{32}");
        Api.as(org, "viewer").get("/api/metrics/" + dedupKey).then().statusCode(200).body("health", equalTo("unhealthy"));
        // An acknowledge for an unknown dedup key registers nothing.
        enqueue("{\"routing_key\":\"" + key + "\",\"event_action\":\"acknowledge\",\"dedup_key\":\"never-seen\"}").statusCode(202);
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.metrics WHERE org_id = ?", org)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "malformed JSON      | {\"routing_key\":                                             | Event is not valid JSON",
            "not an object       | [\"trigger\"]                                                  | Event must be a JSON object",
            "no routing key      | {\"event_action\":\"resolve\",\"dedup_key\":\"k\"}             | 'routing_key' is missing or blank",
            "unknown action      | {\"routing_key\":\"KEY\",\"event_action\":\"snooze\",\"dedup_key\":\"k\"} | 'event_action' must be one of trigger, acknowledge, resolve",
            "resolve, no dedup   | {\"routing_key\":\"KEY\",\"event_action\":\"resolve\"}         | 'dedup_key' is required for resolve events",
            "trigger, no payload | {\"routing_key\":\"KEY\",\"event_action\":\"trigger\"}         | 'payload' is missing or not an object",
            "no summary          | {\"routing_key\":\"KEY\",\"event_action\":\"trigger\",\"payload\":{\"source\":\"s\",\"severity\":\"info\"}} | 'payload.summary' is missing or blank",
            "bad severity        | {\"routing_key\":\"KEY\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"s\",\"severity\":\"high\"}} | 'payload.severity' must be one of critical, error, warning, info",
            "bad timestamp       | {\"routing_key\":\"KEY\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"s\",\"severity\":\"info\",\"timestamp\":\"noon\"}} | 'payload.timestamp' must be an ISO 8601 timestamp, e.g. 2026-03-15T14:32:00Z",
            "unknown routing key | {\"routing_key\":\"0123456789abcdef0123456789abcdef\",\"event_action\":\"resolve\",\"dedup_key\":\"k\"} | Invalid routing key"})
    void invalidEventsAreAnsweredLikePagerDutyAndChangeNothing(String name, String body, String error) {
        String org = Api.newOrg();
        String key = Api.intakeKey(org, "checkout-api");
        enqueue(body.replace("KEY", key)).statusCode(400).contentType(ContentType.JSON)
                .body("status", equalTo("invalid event")).body("message", equalTo("Event object is invalid"))
                .body("errors", hasItem(error)).body("type", nullValue());
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.metrics WHERE org_id = ?", org)).isZero();
    }

    @Test
    void theIntakeIsPublicAndIgnoresBearerTokens() {
        String org = Api.newOrg();
        String key = Api.intakeKey(org, "checkout-api");
        // The routing key, not a token, decides the organisation.
        Api.responder(Api.newOrg()).body(trigger(key, "disk-full", "warning", null)).post(ENQUEUE).then().statusCode(202);
        Api.as(org, "viewer").get("/api/metrics/disk-full").then().statusCode(200).body("health", equalTo("unhealthy"));
    }
}
