package io.tocsin.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.specification.RequestSpecification;
import io.tocsin.devstack.testing.TestBroker;
import io.tocsin.devstack.testing.TestBroker.Event;
import io.tocsin.fakes.Mail;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2: a producer publishes unhealthy signals for a dwell metric over AMQP; the draft appears
 * only after the 60 s window; the owner's email (at the SMTP fake) holds the signed links; POST on
 * the publish link, through the gateway, publishes it; PagerDuty is paged once.
 */
class SignalToPublishedIncidentTest {

    /** The test's own subscription to the events address (the notifier's queue belongs to the notifier). */
    private static final String EVENTS = "tocsin.incident.events";
    private static Suite suite;

    @BeforeAll
    static void start() {
        suite = Suite.get();
        TestBroker.listen(EVENTS);
    }

    @Test
    void aDwellMetricDraftsAfterItsWindowAndTheSignedLinkPublishes() {
        String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        String owner = "owner-" + org + "@example.com";
        suite.pageEverything(org, "unused-" + org);
        as(org, "admin").body("{\"email\":\"" + owner + "\",\"name\":\"Olive Owner\",\"userId\":\"u-owner\",\"roles\":[\"owner\"]}")
                .post("/api/recipients").then().statusCode(201);
        as(org, "admin").body("{\"slug\":\"checkout-error-rate\",\"title\":\"Checkout error rate\",\"services\":[\"checkout-api\"],"
                + "\"threshold\":\"> 5%\",\"policy\":\"dwell\",\"dwellSeconds\":60,\"severity\":\"critical\"}")
                .post("/api/metrics").then().statusCode(201);

        Instant flip = Instant.now();
        for (int i = 0; i < 5; i++) {
            JsonObject signal = new JsonObject().put("id", "sig-" + UUID.randomUUID()).put("org", org)
                    .put("metric", "checkout-error-rate").put("status", "unhealthy").put("value", 0.12 + i / 100.0)
                    .put("threshold", 0.05).put("observedAt", Instant.now().toString()).put("service", "checkout-api");
            TestBroker.send(AmqpMessage.create().address("tocsin.metric.signals").durable(true).contentType("application/json")
                    .withBufferAsBody(Buffer.buffer(signal.encode())).build());
        }
        await("the metric is unhealthy").atMost(Duration.ofSeconds(20)).until(() ->
                "unhealthy".equals(as(org, "viewer").get("/api/metrics/checkout-error-rate").then().extract().path("health")));

        await("no draft during the dwell window").during(Duration.ofSeconds(40)).atMost(Duration.ofSeconds(45))
                .until(() -> drafts(org).isEmpty());
        await("a draft after the window").atMost(Duration.ofSeconds(60)).until(() -> drafts(org).size() == 1);
        assertThat(Duration.between(flip, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(59));
        String id = drafts(org).get(0);
        as(org, "viewer").get("/api/incidents/" + id).then().statusCode(200).body("severity", equalTo("SEV1"))
                .body("title", equalTo("Investigating elevated errors on Checkout error rate"));

        await("the auto_drafted event").atMost(Duration.ofSeconds(20)).until(() -> autoDrafted(org, id) != null);
        JsonObject change = autoDrafted(org, id).data().getJsonObject("change");
        String publishUrl = change.getString("publishUrl");
        assertThat(publishUrl).startsWith(suite.gatewayUrl() + "/api/incidents/auto-action?token=");

        await("the owner's email").atMost(Duration.ofSeconds(30)).until(() -> mailTo(owner) != null);
        Mail mail = mailTo(owner);
        String reference = as(org, "viewer").get("/api/incidents/" + id).then().extract().path("reference");
        assertThat(mail.subject()).contains(reference);
        assertThat(mail.text()).contains(publishUrl).contains(change.getString("dismissUrl"));
        assertThat(suite.fakes().pagerDuty().incident("tocsin-" + id)).as("a draft is not paged").isNull();

        given().get(publishUrl).then().statusCode(200).body(containsString("Publish incident"));
        as(org, "viewer").get("/api/incidents/" + id).then().body("status", equalTo("draft"));
        given().post(publishUrl).then().statusCode(200).body(containsString("Incident published"));
        as(org, "viewer").get("/api/incidents/" + id).then().body("status", equalTo("declared"));
        given().post(publishUrl).then().statusCode(200);

        await("paged").atMost(Duration.ofSeconds(30)).until(() -> suite.fakes().pagerDuty().incident("tocsin-" + id) != null);
        await("paged once").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                suite.fakes().pagerDuty().incident("tocsin-" + id).actions().equals(List.of("trigger")));
        assertThat(suite.fakes().mail().stream().filter(m -> m.to().contains(owner))).hasSize(1);

        await("autodraft learned the outcome").atMost(Duration.ofSeconds(20)).until(() -> as(org, "viewer")
                .get("/api/metrics/checkout-error-rate/audit").then().extract().asString().contains("incident.auto_published"));
    }

    private static List<String> drafts(String org) {
        return as(org, "viewer").queryParam("status", "draft").get("/api/incidents").then().statusCode(200).extract()
                .jsonPath().getList("items.id");
    }

    private static Mail mailTo(String address) {
        return suite.fakes().mail().stream().filter(m -> m.to().contains(address)).findFirst().orElse(null);
    }

    private static Event autoDrafted(String org, String id) {
        return TestBroker.events(EVENTS, org).stream()
                .filter(e -> id.equals(e.subject()) && e.shortType().equals("incident.auto_drafted"))
                .findFirst().orElse(null);
    }

    private static RequestSpecification as(String org, String role) {
        return suite.as(org, role);
    }
}
