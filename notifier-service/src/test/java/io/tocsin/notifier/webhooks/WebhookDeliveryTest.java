package io.tocsin.notifier.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import org.assertj.core.data.Offset;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.notifier.support.Api;
import io.tocsin.notifier.support.Deliveries;
import io.tocsin.notifier.support.Events;
import io.tocsin.notifier.support.Fakes;
import io.tocsin.notifier.support.TestClock;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Webhook subscribers get the events they asked for, signed as Standard Webhooks. */
@QuarkusTest
class WebhookDeliveryTest {

    @Inject
    TestClock clock;

    @Test
    void aReceiverGetsTheEventsItSubscribedToWithAVerifiableSignature() throws Exception {
        String org = Api.newOrg();
        String path = "/hooks/" + UUID.randomUUID();
        Fakes.http().stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
        var created = Api.admin(org).body("{\"url\":\"" + Fakes.httpBase() + path + "\",\"events\":[\"incident.created\","
                + "\"incident.status_changed\"]}").post("/api/webhooks").then().statusCode(201)
                .header("Location", containsString("/api/webhooks/"))
                .body("enabled", equalTo(true)).body("secret", startsWith("whsec_")).extract().jsonPath();
        String secret = created.getString("secret");
        String webhookId = created.getString("id");

        UUID id = UUID.randomUUID();
        JsonObject incident = Events.incident(org, id, "SEV3", "declared", List.of("search"));
        Events.send("incident.created", incident, new JsonObject());
        Events.send("incident.timeline_entry_added", incident, new JsonObject().put("entry", new JsonObject().put("message", "x")));
        Events.statusChanged(incident, "declared", "investigating");

        await().atMost(Duration.ofSeconds(20)).until(() -> received(path).size() == 2);
        Deliveries.awaitSettled(id, 2);
        List<LoggedRequest> requests = received(path);
        List<Map<String, Object>> deliveries = Deliveries.of(id);
        for (int i = 0; i < 2; i++) {
            LoggedRequest request = requests.get(i);
            String body = request.getBodyAsString();
            String messageId = request.getHeader("webhook-id");
            String timestamp = request.getHeader("webhook-timestamp");
            assertThat(messageId).isEqualTo(deliveries.get(i).get("id").toString());
            assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), Offset.offset(60L));
            assertThat(request.getHeader("webhook-signature")).isEqualTo("v1," + hmac(secret, messageId + "." + timestamp + "." + body));
            assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        }
        JsonObject first = new JsonObject(requests.get(0).getBodyAsString());
        assertThat(first.getString("type")).isEqualTo("incident.created");
        assertThat(Instant.parse(first.getString("timestamp"))).isNotNull();
        assertThat(first.getJsonObject("data").getJsonObject("incident").getString("id")).isEqualTo(id.toString());
        JsonObject second = new JsonObject(requests.get(1).getBodyAsString());
        assertThat(second.getString("type")).isEqualTo("incident.status_changed");
        assertThat(second.getJsonObject("data").getJsonObject("change").getString("to")).isEqualTo("investigating");
        assertThat(deliveries).extracting(d -> d.get("destination")).containsOnly("webhook:" + webhookId);

        // The secret is shown only when created.
        Api.admin(org).get("/api/webhooks").then().statusCode(200).body("", hasSize(1)).body("[0].secret", nullValue())
                .body("[0].events", equalTo(List.of("incident.created", "incident.status_changed")));
    }

    @Test
    void subscriptionsAreManagedAndPingedAndAnEmptyEventListMeansAll() throws Exception {
        String org = Api.newOrg();
        String path = "/hooks/" + UUID.randomUUID();
        Fakes.http().stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        var created = Api.admin(org).body("{\"url\":\"" + Fakes.httpBase() + path + "\",\"events\":[],\"enabled\":false}")
                .post("/api/webhooks").then().statusCode(201).extract().jsonPath();
        String webhookId = created.getString("id");

        UUID id = UUID.randomUUID();
        String ignored = Events.send("incident.created", Events.incident(org, id, "SEV4", "declared", List.of()), new JsonObject());
        Deliveries.awaitConsumed(ignored);
        assertThat(Deliveries.count(id, "webhook:%")).isZero();

        Api.admin(org).body("{\"enabled\":true}").patch("/api/webhooks/" + webhookId).then().statusCode(200)
                .body("enabled", equalTo(true)).body("secret", nullValue());
        Events.send("incident.link_added", Events.incident(org, id, "SEV4", "declared", List.of()), new JsonObject());
        await().atMost(Duration.ofSeconds(20)).until(() -> received(path).size() == 1);

        Api.admin(org).post("/api/webhooks/" + webhookId + "/ping").then().statusCode(200)
                .body("delivered", equalTo(true)).body("statusCode", equalTo(200));
        LoggedRequest ping = received(path).get(1);
        assertThat(new JsonObject(ping.getBodyAsString()).getString("type")).isEqualTo("webhook.ping");
        assertThat(ping.getHeader("webhook-signature")).isEqualTo("v1," + hmac(created.getString("secret"),
                ping.getHeader("webhook-id") + "." + ping.getHeader("webhook-timestamp") + "." + ping.getBodyAsString()));

        Api.admin(org).body("{\"events\":[\"incident.nonsense\"]}").patch("/api/webhooks/" + webhookId).then().statusCode(400)
                .body("errors[0].field", equalTo("events[0]"));
        Api.admin(org).body("{\"url\":\"ftp://example.com/x\"}").post("/api/webhooks").then().statusCode(400)
                .body("errors[0].field", equalTo("url"));
        Api.admin(org).body("{\"url\":\"https://example.com\",\"secret\":\"mine\"}").post("/api/webhooks").then().statusCode(400);
        Api.as(org, "u-resp", "responder").get("/api/webhooks").then().statusCode(403);
        Api.admin(Api.newOrg()).delete("/api/webhooks/" + webhookId).then().statusCode(404);
        Api.admin(org).delete("/api/webhooks/" + webhookId).then().statusCode(204);
        Api.admin(org).get("/api/webhooks").then().body("", hasSize(0));
        assertThat(TestDatabase.count("SELECT count(*) FROM notifier.webhooks WHERE org_id = ?", org)).isZero();
    }

    @Test
    void theSecretIsStoredEncrypted() {
        String org = Api.newOrg();
        String secret = Api.admin(org).body("{\"url\":\"" + Fakes.httpBase() + "/hooks/enc\"}").post("/api/webhooks").then()
                .statusCode(201).extract().path("secret");
        byte[] stored = (byte[]) TestDatabase.rows("SELECT secret FROM notifier.webhooks WHERE org_id = ?", org).get(0).get("secret");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret.substring(6, 20));
    }

    private static List<LoggedRequest> received(String path) {
        return Fakes.http().findAll(postRequestedFor(urlEqualTo(path)));
    }

    static String hmac(String secret, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }
}
