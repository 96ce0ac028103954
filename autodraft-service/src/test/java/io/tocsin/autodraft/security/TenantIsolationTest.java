package io.tocsin.autodraft.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tocsin.autodraft.support.Api;
import io.tocsin.devstack.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** Another organisation's metrics, audit logs and intake keys answer 404, and nothing of theirs changes. */
@QuarkusTest
class TenantIsolationTest {

    @Test
    void aSecondOrganisationSeesAndChangesNothingOfTheFirst() {
        String orgA = Api.newOrg();
        String orgB = Api.newOrg();
        Api.metric(orgA, "checkout-error-rate", "immediate", "major");
        Api.report(orgA, "checkout-error-rate", "unhealthy");
        String keyId = Api.admin(orgA).body("{\"name\":\"Grafana\",\"service\":\"checkout-api\"}").post("/api/intake-keys")
                .then().statusCode(201).extract().path("id");

        Api.as(orgB, "viewer").get("/api/metrics/checkout-error-rate").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("/problems/not-found"));
        Api.as(orgB, "viewer").get("/api/metrics/checkout-error-rate/audit").then().statusCode(404);
        Api.responder(orgB).body("{\"status\":\"healthy\"}").post("/api/metrics/checkout-error-rate/health").then().statusCode(404);
        Api.admin(orgB).delete("/api/intake-keys/" + keyId).then().statusCode(404);
        Api.as(orgB, "viewer").get("/api/metrics").then().statusCode(200).body("items.size()", equalTo(0));
        Api.admin(orgB).get("/api/intake-keys").then().statusCode(200).body("size()", equalTo(0));
        // B's own metric of the same name is B's, and B's signals touch only it.
        Api.admin(orgB).body("{\"title\":\"B's\",\"policy\":\"off\"}").put("/api/metrics/checkout-error-rate").then().statusCode(201);
        Api.responder(orgB).body("{\"status\":\"healthy\"}").post("/api/metrics/checkout-error-rate/health").then().statusCode(200);
        String amBody = "{\"version\":\"4\",\"status\":\"resolved\",\"alerts\":[{\"status\":\"resolved\",\"labels\":{\"tocsin_metric\":"
                + "\"checkout-error-rate\"},\"startsAt\":\"2026-01-01T00:00:00Z\",\"endsAt\":\"2026-01-01T00:05:00Z\"}]}";
        Api.responder(orgB).body(amBody).post("/api/signals/alertmanager").then().statusCode(200);

        var a = TestDatabase.rows("SELECT title, health, policy FROM autodraft.metrics WHERE org_id = ?", orgA).get(0);
        assertThat(a).containsEntry("title", "Checkout error rate").containsEntry("health", "unhealthy")
                .containsEntry("policy", "immediate");
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.intake_keys WHERE org_id = ?", orgA)).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.audit WHERE org_id = ? AND metric = 'checkout-error-rate'",
                orgB)).isEqualTo(1);
    }

    @Test
    void signalIdsAreUniquePerOrganisation() {
        String orgA = Api.newOrg();
        String orgB = Api.newOrg();
        Api.metric(orgA, "latency", "off", "major");
        Api.metric(orgB, "latency", "off", "major");
        assertThat(Api.report(orgA, "latency", "unhealthy", "same-id", null, null)).isEqualTo("transition");
        assertThat(Api.report(orgB, "latency", "unhealthy", "same-id", null, null)).isEqualTo("transition");
    }

    @Test
    void tokensWithoutOrgOrSignatureAreRefused() {
        given().contentType(ContentType.JSON).get("/api/metrics").then().statusCode(401).body("type",
                equalTo("/problems/unauthenticated"));
        given().auth().oauth2("garbage").get("/api/metrics").then().statusCode(401);
        given().auth().oauth2(io.tocsin.devstack.testing.TestTokens.sign(io.tocsin.devstack.InternalJwt.builder().subject("u")
                .roles("owner").withoutClaim("org"))).get("/api/metrics").then().statusCode(401);
    }
}
