package io.tocsin.incident.security;

import static io.tocsin.incident.support.Api.declare;
import static io.tocsin.incident.support.Api.responder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.incident.support.Api;
import io.tocsin.devstack.testing.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Another organisation's objects answer 404 on every endpoint, and nothing of theirs changes. */
@QuarkusTest
class TenantIsolationTest {

    @Test
    void aSecondOrganisationSeesNothingOfTheFirst() {
        String orgA = Api.newOrg();
        String orgB = Api.newOrg();
        String id = declare(orgA, "A's incident", "SEV1", "checkout");
        String reference = responder(orgA).get("/api/incidents/" + id).then().extract().path("reference");
        String link = responder(orgA).body("{\"type\":\"alert\",\"targetId\":\"a-1\"}").post("/api/incidents/" + id + "/links")
                .then().statusCode(201).extract().path("id");
        String draft = responder(orgA).body("{\"title\":\"A's draft\",\"severity\":\"SEV3\",\"draft\":true}")
                .post("/api/incidents").then().statusCode(201).extract().path("id");

        responder(orgB).get("/api/incidents/" + id).then().statusCode(404).contentType("application/problem+json");
        responder(orgB).get("/api/incidents/" + reference).then().statusCode(404);
        responder(orgB).header("If-Match", "\"1\"").body("{\"title\":\"hijack\"}").patch("/api/incidents/" + id).then().statusCode(404);
        responder(orgB).get("/api/incidents/" + id + "/timeline").then().statusCode(404);
        responder(orgB).body("{\"message\":\"hi\",\"type\":\"update\"}").post("/api/incidents/" + id + "/timeline").then().statusCode(404);
        responder(orgB).get("/api/incidents/" + id + "/links").then().statusCode(404);
        responder(orgB).body("{\"type\":\"alert\",\"targetId\":\"b-1\"}").post("/api/incidents/" + id + "/links").then().statusCode(404);
        responder(orgB).delete("/api/incidents/" + id + "/links/" + link).then().statusCode(404);
        responder(orgB).post("/api/incidents/" + draft + "/publish").then().statusCode(404);
        responder(orgB).post("/api/incidents/" + draft + "/dismiss").then().statusCode(404);
        responder(orgB).get("/api/incidents").then().statusCode(200).body("items.size()", equalTo(0));
        responder(orgB).queryParam("includeDismissed", true).queryParam("service", "checkout").get("/api/incidents")
                .then().body("items.size()", equalTo(0));

        assertThat(TestDatabase.rows("SELECT title, version FROM incident.incidents WHERE id = ?", UUID.fromString(id)).get(0))
                .containsEntry("title", "A's incident").containsEntry("version", 1L);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.links WHERE incident_id = ?", UUID.fromString(id))).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.timeline_entries WHERE org_id = ?", orgB)).isZero();
        assertThat(TestDatabase.rows("SELECT status FROM incident.incidents WHERE id = ?", UUID.fromString(draft)).get(0))
                .containsEntry("status", "draft");
    }

    @Test
    void referencesAreCountedPerOrganisation() {
        String orgA = Api.newOrg();
        String orgB = Api.newOrg();
        String a = declare(orgA, "first of A", "SEV3");
        String b = declare(orgB, "first of B", "SEV3");
        String refA = responder(orgA).get("/api/incidents/" + a).then().extract().path("reference");
        String refB = responder(orgB).get("/api/incidents/" + b).then().extract().path("reference");
        assertThat(refA).isEqualTo(refB).endsWith("-0001");
        responder(orgB).get("/api/incidents/" + refB).then().statusCode(200).body("id", equalTo(b));
    }

    @Test
    void teamsAndServicesAreSeparatePerOrganisation() {
        String orgA = Api.newOrg();
        String orgB = Api.newOrg();
        String team = Api.as(orgA, "admin").body("{\"name\":\"Payments\"}").post("/api/teams").then().statusCode(201)
                .extract().path("id");
        Api.as(orgA, "admin").body("{\"name\":\"Checkout\",\"ownerTeamIds\":[\"" + team + "\"]}").put("/api/services/checkout")
                .then().statusCode(201);
        Api.as(orgB, "admin").body("{\"name\":\"x\"}").patch("/api/teams/" + team).then().statusCode(404);
        Api.as(orgB, "viewer").get("/api/services/checkout").then().statusCode(404);
        Api.as(orgB, "admin").body("{\"name\":\"Checkout\",\"ownerTeamIds\":[\"" + team + "\"]}").put("/api/services/checkout")
                .then().statusCode(400).body("errors[0].field", equalTo("ownerTeamIds"));
        Api.as(orgB, "viewer").get("/api/teams").then().statusCode(200).body("size()", equalTo(1)).body("[0].root", equalTo(true));
    }
}
