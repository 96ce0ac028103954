package io.tocsin.incident.events;

import static io.restassured.RestAssured.given;
import static io.tocsin.incident.support.Api.declare;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.incident.support.Api;
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
    void metricsCountIncidentsAndOutboxTraffic() {
        String org = Api.newOrg();
        declare(org, "Counted", "SEV4");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("tocsin_incidents_created_total\\{[^}]*severity=\"SEV4\"[^}]*} [1-9]")
                .contains("tocsin_outbox_published_total").contains("tocsin_outbox_pending")
                .contains("tocsin_outbox_lag_seconds");
    }

    @Test
    void openApiDescribesTheIncidentApi() {
        String openapi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(openapi).contains("/api/incidents/{id}/timeline").contains("/api/incidents/{id}/links")
                .contains("/api/teams").contains("/api/services/{slug}").contains("Idempotency-Key");
    }
}
