package io.tocsin.autodraft.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.autodraft.support.Api;
import io.tocsin.autodraft.support.Bus;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ObservabilityTest {

    @BeforeAll
    static void listen() {
        Bus.listen();
    }

    @Test
    void healthChecksTheDatabaseAndTheBroker() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("broker", "Reactive PostgreSQL connections health check"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void metricsCountSignalsByOutcomeDraftsAndSkips() {
        String org = Api.newOrg();
        Api.metric(org, "latency", "immediate", "major");
        Api.report(org, "latency", "unhealthy");
        Api.report(org, "latency", "unhealthy");
        Api.report(org, "latency", "healthy", "old", "2020-01-01T00:00:00Z", null);
        Api.report(org, "latency", "healthy", "dup", null, null);
        Api.report(org, "latency", "healthy", "dup", null, null);
        Api.report(org, "latency", "unhealthy");
        Bus.sendSignal("obs-" + org, Bus.signal("amqp-1", org, "saturation", "unhealthy", null));
        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 1 && given().get("/q/metrics").then()
                .extract().asString().contains("source=\"amqp\""));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String outcome : new String[] {"transition", "unchanged", "stale", "duplicate"}) {
            assertThat(metrics).containsPattern("tocsin_autodraft_signals_total\\{[^}]*outcome=\"" + outcome
                    + "\"[^}]*source=\"manual\"[^}]*} [1-9]");
        }
        assertThat(metrics).containsPattern("tocsin_autodraft_drafts_requested_total\\{[^}]*trigger=\"immediate\"[^}]*} [1-9]")
                .containsPattern("tocsin_autodraft_drafts_skipped_total\\{[^}]*reason=\"draft_request_in_flight\"[^}]*} [1-9]")
                .containsPattern("tocsin_autodraft_signals_total\\{[^}]*outcome=\"transition\"[^}]*source=\"amqp\"[^}]*} [1-9]")
                .contains("tocsin_outbox_published_total").contains("tocsin_messages_consumed_total");
    }

    @Test
    void openApiDescribesTheApiAndThePublicIntake() {
        String openapi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(openapi).contains("/api/metrics/{slug}/audit").contains("/api/metrics/{slug}/health")
                .contains("/api/signals/alertmanager").contains("/api/signals/pagerduty/v2/enqueue").contains("/api/intake-keys")
                .contains("Public by design").contains("routing_key authenticates").contains("instead of problem+json");
    }
}
