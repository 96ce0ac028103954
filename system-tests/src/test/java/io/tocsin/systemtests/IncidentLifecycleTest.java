package io.tocsin.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.fakes.Fakes;
import io.tocsin.fakes.PagerDutyFake;
import io.tocsin.fakes.Recorded;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 1: a SEV1 declared, investigated, mitigated and resolved through the gateway. PagerDuty
 * gets the trigger and then the resolve under one dedup key; the webhook receiver gets every event,
 * each with a valid Standard Webhooks signature; the timeline tells every step.
 */
class IncidentLifecycleTest {

    private static Suite suite;

    @BeforeAll
    static void start() {
        suite = Suite.get();
    }

    @Test
    void aSev1RunsItsLifecycleAndEveryDestinationHearsOfIt() throws Exception {
        String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        suite.pageEverything(org, "unused-" + org);
        String secret = suite.as(org, "admin").body("{\"url\":\"" + suite.fakes().webhookUrl(org) + "\",\"events\":[],\"enabled\":true}")
                .post("/api/webhooks").then().statusCode(201).extract().path("secret");

        String id = suite.as(org, "responder").body("{\"title\":\"Checkout is down\",\"severity\":\"SEV1\","
                + "\"services\":[\"checkout-api\"],\"environment\":\"production\"}").post("/api/incidents").then().statusCode(201)
                .extract().path("id");
        move(org, id, 1, "{\"status\":\"investigating\"}");
        move(org, id, 2, "{\"status\":\"mitigated\"}");
        move(org, id, 3, "{\"status\":\"resolved\",\"resolutionSummary\":\"Rolled back the faulty deploy\"}");

        String dedupKey = "tocsin-" + id;
        await("PagerDuty triggered and resolved").atMost(Duration.ofSeconds(30)).until(() ->
                suite.fakes().pagerDuty().incident(dedupKey) != null && "resolved".equals(suite.fakes().pagerDuty().incident(dedupKey).status()));
        PagerDutyFake.Incident paged = suite.fakes().pagerDuty().incident(dedupKey);
        assertThat(paged.actions()).containsExactly("trigger", "resolve");
        assertThat(paged.opened()).isEqualTo(1);
        assertThat(paged.summary()).endsWith(": Checkout is down");
        List<Recorded> toPagerDuty = suite.fakes().requests(PagerDutyFake.NAME).stream()
                .filter(r -> dedupKey.equals(r.json().getString("dedup_key"))).toList();
        assertThat(toPagerDuty).extracting(r -> r.json().getString("routing_key")).containsOnly("key-" + org);
        assertThat(toPagerDuty.get(0).json().getJsonObject("payload").getString("severity")).isEqualTo("critical");

        List<String> expected = List.of("incident.created", "incident.status_changed", "incident.status_changed",
                "incident.status_changed");
        await("every event at the webhook receiver").atMost(Duration.ofSeconds(30))
                .until(() -> webhookTypes(org, id).containsAll(expected) && webhookTypes(org, id).size() >= 4);
        List<Recorded> received = webhooks(org, id);
        assertThat(received).extracting(r -> r.json().getString("type")).startsWith(expected.toArray(String[]::new));
        assertThat(received).extracting(r -> r.json().getJsonObject("data").getJsonObject("change").getString("to"))
                .startsWith(null, "investigating", "mitigated", "resolved");
        for (Recorded request : received) {
            assertThat(validSignature(secret, request)).as("signature of %s", request.header("webhook-id")).isTrue();
        }
        assertThat(received).extracting(r -> r.header("webhook-id")).doesNotHaveDuplicates();

        List<String> kinds = suite.as(org, "viewer").get("/api/incidents/" + id + "/timeline").then().statusCode(200).extract()
                .jsonPath().getList("items.kind");
        assertThat(kinds).containsSubsequence("declared", "status_changed", "status_changed", "status_changed");
        List<String> messages = suite.as(org, "viewer").get("/api/incidents/" + id + "/timeline").then().extract()
                .jsonPath().getList("items.message");
        assertThat(String.join("\n", messages)).contains("investigating").contains("mitigated").contains("resolved");
        JsonObject incident = new JsonObject(suite.as(org, "viewer").get("/api/incidents/" + id).then().statusCode(200).extract().asString());
        assertThat(incident.getString("status")).isEqualTo("resolved");
        assertThat(incident.getString("resolvedAt")).isNotNull();
    }

    private static void move(String org, String id, int version, String body) {
        suite.as(org, "responder").header("If-Match", "\"" + version + "\"").body(body).patch("/api/incidents/" + id)
                .then().statusCode(200);
    }

    private static List<Recorded> webhooks(String org, String id) {
        return suite.fakes().requests(Fakes.WEBHOOKS).stream().filter(r -> r.path().equals("/" + org))
                .filter(r -> id.equals(r.json().getJsonObject("data", new JsonObject()).getJsonObject("incident", new JsonObject())
                        .getString("id")))
                .toList();
    }

    private static List<String> webhookTypes(String org, String id) {
        return webhooks(org, id).stream().map(r -> r.json().getString("type")).toList();
    }

    /** Standard Webhooks: v1,base64(HMAC-SHA256(key, "id.timestamp.body")) with the key after "whsec_", fresh timestamp. */
    private static boolean validSignature(String secret, Recorded request) throws Exception {
        String msgId = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        if (msgId == null || timestamp == null || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((msgId + "." + timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
        for (String signature : request.header("webhook-signature").split(" ")) {
            if (java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }
}
