package io.tocsin.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scenario 4: two organisations through the gateway; nothing of one is visible to the other. */
class TenantIsolationTest {

    private static Suite suite;

    @BeforeAll
    static void start() {
        suite = Suite.get();
    }

    @Test
    void nothingOfOneOrganisationIsVisibleToAnotherAnywhere() {
        String orgA = "org-a-" + UUID.randomUUID().toString().substring(0, 8);
        String orgB = "org-b-" + UUID.randomUUID().toString().substring(0, 8);
        String incident = as(orgA, "owner").body("{\"title\":\"A's outage\",\"severity\":\"SEV1\",\"services\":[\"a-api\"]}")
                .post("/api/incidents").then().statusCode(201).extract().path("id");
        String reference = as(orgA, "owner").get("/api/incidents/" + incident).then().statusCode(200).extract().path("reference");
        as(orgA, "owner").body("{\"message\":\"A only\",\"type\":\"update\"}").post("/api/incidents/" + incident + "/timeline")
                .then().statusCode(201);
        String link = as(orgA, "owner").body("{\"type\":\"deploy\",\"targetId\":\"a-1\"}").post("/api/incidents/" + incident + "/links")
                .then().statusCode(201).extract().path("id");
        as(orgA, "owner").body("{\"slug\":\"a-errors\",\"title\":\"A errors\",\"policy\":\"off\",\"severity\":\"major\"}")
                .post("/api/metrics").then().statusCode(201);
        String keyOfA = as(orgA, "owner").body("{\"name\":\"a-key\",\"roles\":[\"viewer\"]}").post("/api/api-keys").then()
                .statusCode(201).extract().path("id");
        String keyOfB = as(orgB, "owner").body("{\"name\":\"b-key\",\"roles\":[\"admin\"]}").post("/api/api-keys").then()
                .statusCode(201).extract().path("key");
        String webhook = as(orgA, "owner").body("{\"url\":\"http://127.0.0.1:9/a-hook\",\"events\":[],\"enabled\":true}")
                .post("/api/webhooks").then().statusCode(201).extract().path("id");
        as(orgA, "owner").body("{\"message\":\"to deliver\",\"type\":\"update\"}").post("/api/incidents/" + incident + "/timeline")
                .then().statusCode(201);
        String delivery = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            List<String> ids = as(orgA, "owner").get("/api/deliveries").then().statusCode(200).extract().jsonPath().getList("items.id");
            return ids.isEmpty() ? null : ids.get(0);
        }, java.util.Objects::nonNull);

        List<Supplier<RequestSpecification>> orgBCallers = List.of(() -> as(orgB, "owner"), () -> withKey(keyOfB));
        for (Supplier<RequestSpecification> b : orgBCallers) {
            assertNothingVisible(b, incident, reference, link, keyOfA);
            b.get().get("/api/webhooks/" + webhook).then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(404), equalTo(405)));
            b.get().body("{\"enabled\":false}").patch("/api/webhooks/" + webhook).then().statusCode(404);
            b.get().post("/api/webhooks/" + webhook + "/ping").then().statusCode(404);
            b.get().delete("/api/webhooks/" + webhook).then().statusCode(404);
            assertThat(b.get().get("/api/webhooks").then().statusCode(200).extract().asString()).doesNotContain(webhook);
            b.get().post("/api/deliveries/" + delivery + "/retry").then().statusCode(404);
            assertThat(b.get().get("/api/deliveries").then().statusCode(200).extract().jsonPath().getList("items")).isEmpty();
            assertThat(b.get().queryParam("incident", incident).get("/api/deliveries").then().statusCode(200).extract().jsonPath()
                    .getList("items")).isEmpty();
        }
        as(orgA, "owner").get("/api/webhooks").then().statusCode(200).body("size()", equalTo(1));
        as(orgA, "viewer").get("/api/incidents/" + incident).then().statusCode(200).body("title", equalTo("A's outage"));
        as(orgA, "viewer").get("/api/incidents/" + incident + "/links").then().statusCode(200).body("size()", equalTo(1));
    }

    private static void assertNothingVisible(Supplier<RequestSpecification> b, String incident, String reference, String link,
            String keyOfA) {
        b.get().get("/api/incidents/" + incident).then().statusCode(404).contentType("application/problem+json");
        b.get().get("/api/incidents/" + reference).then().statusCode(404);
        b.get().get("/api/incidents/" + incident + "/timeline").then().statusCode(404);
        b.get().get("/api/incidents/" + incident + "/links").then().statusCode(404);
        b.get().delete("/api/incidents/" + incident + "/links/" + link).then().statusCode(404);
        b.get().header("If-Match", "\"1\"").body("{\"title\":\"hijacked\"}").patch("/api/incidents/" + incident).then()
                .statusCode(404);
        b.get().get("/api/metrics/a-errors").then().statusCode(404);
        b.get().get("/api/metrics/a-errors/audit").then().statusCode(404);
        assertThat(b.get().get("/api/incidents").then().statusCode(200).extract().jsonPath().getList("items")).isEmpty();
        assertThat(b.get().get("/api/metrics").then().statusCode(200).extract().asString()).doesNotContain("a-errors");
        b.get().delete("/api/api-keys/" + keyOfA).then().statusCode(404);
        assertThat(b.get().get("/api/api-keys").then().statusCode(200).extract().asString()).doesNotContain(keyOfA);
    }

    private static RequestSpecification as(String org, String role) {
        return given().baseUri(suite.gatewayUrl()).auth().oauth2(suite.token(org, "u-" + role, role)).contentType(ContentType.JSON);
    }

    private static RequestSpecification withKey(String key) {
        return given().baseUri(suite.gatewayUrl()).auth().oauth2(key).contentType(ContentType.JSON);
    }
}
