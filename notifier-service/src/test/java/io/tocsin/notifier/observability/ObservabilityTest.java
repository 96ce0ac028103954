package io.tocsin.notifier.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.notifier.support.Api;
import io.tocsin.notifier.support.Deliveries;
import io.tocsin.notifier.support.Events;
import io.tocsin.notifier.support.PagerDutyFake;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ObservabilityTest {

    @Test
    void healthChecksTheDatabaseAndTheBroker() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("broker", "Reactive PostgreSQL connections health check"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void deliveriesAreCountedByDestinationAndOutcomeAndTheLagIsMeasured() {
        PagerDutyFake.acceptAll();
        String org = Api.newOrg();
        Api.pagerDuty(org, "{\"serviceKey\":\"metrics-key-0001\"}");
        UUID id = UUID.randomUUID();
        Events.send("incident.created", Events.incident(org, id, "SEV1", "declared", List.of("a")), new JsonObject());
        Deliveries.awaitSettled(id, 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/q/metrics").asString()
                .contains("tocsin_notifier_delivery_lag_seconds"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("tocsin_notifier_deliveries_total\\{[^}]*destination=\"pagerduty\"[^}]*outcome=\"delivered\"[^}]*} [1-9]")
                .contains("tocsin_notifier_deliveries_pending").contains("tocsin_notifier_delivery_lag_seconds")
                .contains("tocsin_messages_consumed_total");
    }

    @Test
    void openApiDescribesTheApiAndSaysTheWebhookIsPublicByDesign() {
        String openapi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(openapi).contains("/api/deliveries").contains("/api/deliveries/{id}/retry").contains("/api/webhooks/{id}/ping")
                .contains("/api/integrations/pagerduty").contains("/api/integrations/incident-io").contains("/api/recipients")
                .contains("/api/notification-preferences/me").contains("/api/v1/pagerduty/webhook")
                .contains("Public by design").contains("X-PagerDuty-Signature");
    }
}
