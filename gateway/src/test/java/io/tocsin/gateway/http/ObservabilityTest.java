package io.tocsin.gateway.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.gateway.support.Api;
import io.tocsin.gateway.support.FakeServices;
import io.tocsin.gateway.support.Services;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ObservabilityTest {

    @Test
    void readinessChecksTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsCountForwardedRequestsWithoutAUriPerPath() {
        String org = Api.newOrg();
        Api.as(org, "viewer").get(Services.uniquePath("/api/incidents")).then().statusCode(200);
        Api.as(org, "viewer").get(Services.uniquePath(FakeServices.OUTAGE_PREFIX)).then().statusCode(503);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern("tocsin_gateway_upstream_requests_total\\{[^}]*outcome=\"2xx\"[^}]*} [1-9]")
                .containsPattern("tocsin_gateway_upstream_requests_total\\{[^}]*outcome=\"unavailable\"[^}]*} [1-9]")
                .contains("tocsin_gateway_rate_buckets")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/incidents/\\*\\*\"")
                .doesNotContain("/t-");
    }

    @Test
    void openApiDescribesTheGatewaysOwnEndpoints() {
        String openapi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(openapi).contains("/api/api-keys").contains("/api/api-keys/{id}").contains("/api/me");
    }

    @Test
    void corsAllowsOnlyConfiguredOrigins() {
        given().header("Origin", "https://console.example.com").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/incidents").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://console.example.com");
        Api.as(Api.newOrg(), "viewer").header("Origin", "https://console.example.com").get(Services.uniquePath("/api/teams"))
                .then().statusCode(200).header("Access-Control-Allow-Origin", "https://console.example.com");

        String path = Services.uniquePath("/api/teams");
        given().header("Origin", "https://evil.example.com").header("Access-Control-Request-Method", "GET")
                .options(path).then().statusCode(403);
        Api.as(Api.newOrg(), "viewer").header("Origin", "https://evil.example.com").get(path).then().statusCode(403);
        assertThat(Services.received(path)).isEmpty();
    }
}
