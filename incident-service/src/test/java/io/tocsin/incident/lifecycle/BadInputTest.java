package io.tocsin.incident.lifecycle;

import static io.tocsin.incident.support.Api.declare;
import static io.tocsin.incident.support.Api.responder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.incident.support.Api;
import io.tocsin.devstack.testing.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Bad input is a 4xx problem document naming the field, never a 500, and never changes state. */
@QuarkusTest
class BadInputTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON          | {\"title\":                                              | body",
            "not an object           | [1,2]                                                       | body",
            "unknown field           | {\"title\":\"t\",\"severity\":\"SEV1\",\"bogus\":1}          | bogus",
            "wrong enum              | {\"title\":\"t\",\"severity\":\"SEV9\"}                      | severity",
            "missing title           | {\"severity\":\"SEV1\"}                                      | title",
            "blank title             | {\"title\":\"  \",\"severity\":\"SEV1\"}                     | title",
            "missing severity        | {\"title\":\"t\"}                                            | severity",
            "bad service slug        | {\"title\":\"t\",\"severity\":\"SEV1\",\"services\":[\"Bad Slug\"]} | services[0]",
            "bad owner id            | {\"title\":\"t\",\"severity\":\"SEV1\",\"owners\":[\"nope\"]} | owners[0]",
            "bad timestamp           | {\"title\":\"t\",\"severity\":\"SEV1\",\"impactStartedAt\":\"yesterday\"} | impactStartedAt",
            "wrong type              | {\"title\":\"t\",\"severity\":\"SEV1\",\"draft\":\"maybe\"}   | draft",
            "bad source kind         | {\"title\":\"t\",\"severity\":\"SEV1\",\"source\":{\"kind\":\"email\"}} | source.kind",
            "nested custom object    | {\"title\":\"t\",\"severity\":\"SEV1\",\"customFields\":{\"a\":{\"b\":1}}} | customFields.a"})
    void createRejectsBadBodies(String name, String body, String field) {
        String org = Api.newOrg();
        responder(org).body(body).post("/api/incidents").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/validation")).body("status", equalTo(400))
                .body("instance", equalTo("/api/incidents")).body("errors.field", hasItem(field));
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ?", org)).isZero();
    }

    @Test
    void oversizedFieldsAndBodiesAreRefused() {
        String org = Api.newOrg();
        responder(org).body("{\"title\":\"" + "x".repeat(201) + "\",\"severity\":\"SEV1\"}").post("/api/incidents")
                .then().statusCode(400).body("errors[0].field", equalTo("title"));
        responder(org).body("{\"title\":\"t\",\"severity\":\"SEV1\",\"description\":\"" + "x".repeat(20_001) + "\"}")
                .post("/api/incidents").then().statusCode(400).body("errors[0].field", equalTo("description"));
        responder(org).body("{\"title\":\"" + "x".repeat(1_100_000) + "\",\"severity\":\"SEV1\"}").post("/api/incidents")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ?", org)).isZero();
    }

    @Test
    void patchRejectsBadFieldsAndChangesNothing() {
        String org = Api.newOrg();
        String id = declare(org, "Patch me", "SEV2");
        String[][] cases = {
                {"{\"title\":null}", "title"},
                {"{\"title\":\"\"}", "title"},
                {"{\"severity\":\"SEV0\"}", "severity"},
                {"{\"status\":\"closed\"}", "status"},
                {"{\"unknown\":1}", "unknown"},
                {"{\"services\":[\"UPPER\"]}", "services[0]"},
                {"{\"owners\":[\"" + UUID.randomUUID() + "\"]}", "owners"},
                {"{\"customFields\":{\"k\":{\"deep\":true}}}", "customFields.k"},
                {"{\"impactStartedAt\":\"2999-01-01T00:00:00Z\"}", "impactStartedAt"}};
        for (String[] c : cases) {
            responder(org).header("If-Match", "\"1\"").body(c[0]).patch("/api/incidents/" + id).then()
                    .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(c[1]));
        }
        responder(org).header("If-Match", "\"one\"").body("{\"title\":\"x\"}").patch("/api/incidents/" + id).then()
                .statusCode(400).body("errors[0].field", equalTo("If-Match"));
        assertThat(TestDatabase.rows("SELECT title, version FROM incident.incidents WHERE id = ?", UUID.fromString(id)).get(0))
                .containsEntry("title", "Patch me").containsEntry("version", 1L);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.timeline_entries WHERE incident_id = ?", UUID.fromString(id))).isEqualTo(1);
    }

    @Test
    void valuesTheDatabaseCannotStoreAre400() {
        String org = Api.newOrg();
        responder(org).body("{\"title\":\"a\\u0000b\",\"severity\":\"SEV1\"}").post("/api/incidents").then()
                .statusCode(400).contentType("application/problem+json");
        responder(org).body("{\"title\":\"t\",\"severity\":\"SEV1\",\"impactStartedAt\":\"-100000-01-01T00:00:00Z\"}")
                .post("/api/incidents").then().statusCode(400);
        responder(org).urlEncodingEnabled(false).get("/api/incidents?service=%00").then().statusCode(400);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ?", org)).isZero();
    }

    @Test
    void listParametersAreChecked() {
        String org = Api.newOrg();
        responder(org).queryParam("limit", "abc").get("/api/incidents").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        responder(org).queryParam("includeDismissed", "perhaps").get("/api/incidents").then().statusCode(400);
        responder(org).queryParam("limit", 0).get("/api/incidents").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        responder(org).queryParam("limit", 201).get("/api/incidents").then().statusCode(400);
        responder(org).queryParam("cursor", "not-a-cursor").get("/api/incidents").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        responder(org).queryParam("status", "closed").get("/api/incidents").then().statusCode(400);
        responder(org).queryParam("severity", "high").get("/api/incidents").then().statusCode(400);
        responder(org).queryParam("from", "last week").get("/api/incidents").then().statusCode(400).body("errors[0].field", equalTo("from"));
    }

    @Test
    void unknownIncidentsRoutesAndMethodsAreProblems() {
        String org = Api.newOrg();
        responder(org).get("/api/incidents/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json")
                .body("detail", notNullValue());
        responder(org).get("/api/incidents/INC-1999-0001").then().statusCode(404);
        responder(org).get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json");
        responder(org).delete("/api/incidents").then().statusCode(405).contentType("application/problem+json");
        responder(org).contentType("text/plain").body("hello").post("/api/incidents").then().statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void timelineAndLinkBodiesAreChecked() {
        String org = Api.newOrg();
        String id = declare(org, "Inputs", "SEV3");
        responder(org).body("{\"message\":\"\",\"type\":\"update\"}").post("/api/incidents/" + id + "/timeline").then()
                .statusCode(400).body("errors[0].field", equalTo("message"));
        responder(org).body("{\"message\":\"m\",\"type\":\"gossip\"}").post("/api/incidents/" + id + "/timeline").then()
                .statusCode(400).body("errors[0].field", equalTo("type"));
        responder(org).body("{\"type\":\"alert\",\"targetId\":\"a\",\"url\":\"javascript:alert(1)\"}")
                .post("/api/incidents/" + id + "/links").then().statusCode(400).body("errors[0].field", equalTo("url"));
        responder(org).body("{\"type\":\"ticket\",\"targetId\":\"a\"}").post("/api/incidents/" + id + "/links").then()
                .statusCode(400).body("errors[0].field", equalTo("type"));
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.timeline_entries WHERE incident_id = ?", UUID.fromString(id))).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.links WHERE incident_id = ?", UUID.fromString(id))).isZero();
    }
}
