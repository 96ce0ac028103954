package io.tocsin.incident.attribution;

import static io.tocsin.incident.support.Api.responder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.incident.support.Api;
import io.tocsin.incident.support.Imports;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Team attribution (SPEC §4.2), seen through the analytics team filter: mapped custom field of
 * imports → explicit owners → owners of the affected services → the root team; a team filter
 * includes the teams below it.
 */
@QuarkusTest
class TeamAttributionTest {

    @Test
    void eachIncidentCountsForTheTeamsOfTheFirstRuleThatApplies() {
        String org = Api.newOrg();
        String root = Api.as(org, "viewer").get("/api/teams").then().statusCode(200).extract().path("[0].id");
        String platform = team(org, "Platform", null);
        String payments = team(org, "Payments", platform);
        String checkout = team(org, "Checkout", null);
        String search = team(org, "Search", null);
        service(org, "payments-api", payments);
        service(org, "checkout-api", checkout);
        service(org, "orphan-svc", null);
        Api.as(org, "admin").body("{\"field\":\"Affected Teams\",\"values\":{\"Payments Team\":\"" + payments
                + "\",\"Search Team\":\"" + search + "\"}}").put("/api/team-mappings").then().statusCode(200)
                .body("field", equalTo("Affected Teams")).body("values.'Payments Team'", equalTo(payments));

        // explicit owners win over the services' owners
        create(org, "{\"title\":\"X1\",\"severity\":\"SEV2\",\"owners\":[\"" + search + "\"],\"services\":[\"payments-api\"]}");
        // no owners: the owners of every affected service
        create(org, "{\"title\":\"X2\",\"severity\":\"SEV2\",\"services\":[\"payments-api\",\"checkout-api\"]}");
        // a service nobody owns, and no services at all: the root team
        create(org, "{\"title\":\"X3\",\"severity\":\"SEV3\",\"services\":[\"orphan-svc\"]}");
        create(org, "{\"title\":\"X4\",\"severity\":\"SEV3\"}");
        // a manual incident's custom field is not read by the mapping
        create(org, "{\"title\":\"X9\",\"severity\":\"SEV3\",\"owners\":[\"" + checkout
                + "\"],\"customFields\":{\"Affected Teams\":\"Payments Team\"}}");
        // an incident created through the API as an import is
        create(org, "{\"title\":\"X10\",\"severity\":\"SEV3\",\"services\":[\"checkout-api\"],"
                + "\"source\":{\"kind\":\"import\",\"externalId\":\"hist-1\"},\"customFields\":{\"Affected Teams\":[\"Search Team\"]}}");
        String yesterday = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        Imports.sendAll(List.of(
                // mapped (array): those teams, not the service's owners
                imported(org, "X5", Map.of("Affected Teams", List.of("Payments Team")), List.of("checkout-api"), yesterday),
                // mapped (string)
                imported(org, "X6", Map.of("Affected Teams", "Search Team"), List.of(), yesterday),
                // mapped field empty: falls back to the services' owners
                imported(org, "X7", Map.of("Affected Teams", List.of()), List.of("checkout-api"), yesterday),
                // no mapped value and nothing else: the root team
                imported(org, "X8", Map.of("Affected Teams", List.of("Unknown Team")), List.of(), yesterday)));
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ?", org)).isEqualTo(10);

        assertThat(titles(org, search)).containsExactlyInAnyOrder("X1", "Imported X6", "X10");
        assertThat(titles(org, payments)).containsExactlyInAnyOrder("X2", "Imported X5");
        // child teams count for their parent
        assertThat(titles(org, platform)).containsExactlyInAnyOrder("X2", "Imported X5");
        assertThat(titles(org, checkout)).containsExactlyInAnyOrder("X2", "Imported X7", "X9");
        // everything is under the root; X3, X4 and X8 count for it only because of the fallback
        assertThat(total(org, root)).isEqualTo(10);
        assertThat(total(org, null)).isEqualTo(10);
    }

    @Test
    void mappingsAreForAdminsAndNameTeamsOfTheOrganisation() {
        String org = Api.newOrg();
        Api.as(org, "admin").get("/api/team-mappings").then().statusCode(200).body("field", equalTo(null))
                .body("values.size()", equalTo(0));
        String payments = team(org, "Payments", null);
        String otherOrgsTeam = team(Api.newOrg(), "Elsewhere", null);
        Api.as(org, "admin").body("{\"field\":\"Affected Teams\",\"values\":{\"Payments\":\"" + otherOrgsTeam + "\"}}")
                .put("/api/team-mappings").then().statusCode(400).body("errors[0].field", equalTo("values"));
        Api.as(org, "admin").body("{\"field\":\"\",\"values\":{}}").put("/api/team-mappings").then().statusCode(400);
        Api.as(org, "admin").body("{\"field\":\"Teams\",\"values\":{\"Payments\":\"" + payments + "\"},\"extra\":1}")
                .put("/api/team-mappings").then().statusCode(400);
        Api.as(org, "responder").body("{\"field\":\"Teams\",\"values\":{}}").put("/api/team-mappings").then().statusCode(403);
        Api.as(org, "responder").get("/api/team-mappings").then().statusCode(403);
        Api.as(org, "admin").body("{\"field\":\"Teams\",\"values\":{\"Payments\":\"" + payments + "\"}}")
                .put("/api/team-mappings").then().statusCode(200);
        Api.as(org, "admin").body("{\"field\":\"Owning team\",\"values\":{}}").put("/api/team-mappings").then().statusCode(200);
        Api.as(org, "admin").get("/api/team-mappings").then().statusCode(200).body("field", equalTo("Owning team"))
                .body("values.size()", equalTo(0));
        assertThat(TestDatabase.rows("SELECT field FROM incident.team_mappings WHERE org_id = ?", org))
                .containsExactly(Map.of("field", "Owning team"));
    }

    /**
     * The titles of the incidents counting for the team. None of them has an impact start, so the
     * MTTD report of the team's analytics lists every one of them as lacking it.
     */
    private static List<String> titles(String org, String team) {
        var analytics = Api.as(org, "viewer").queryParam("team", team).get("/api/analytics/incidents").then()
                .statusCode(200).extract().jsonPath();
        List<String> ids = analytics.getList("mttd.missing.incidentIds");
        assertThat(ids).hasSize(analytics.getInt("total"));
        return ids.stream().map(id -> TestDatabase.rows("SELECT title FROM incident.incidents WHERE id = ?::uuid", id)
                .get(0).get("title").toString()).toList();
    }

    private static long total(String org, String team) {
        var request = Api.as(org, "viewer");
        if (team != null) {
            request = request.queryParam("team", team);
        }
        return request.get("/api/analytics/incidents").then().statusCode(200).extract().jsonPath().getLong("total");
    }

    private static String team(String org, String name, String parent) {
        return Api.as(org, "admin").body(new JsonObject().put("name", name).put("parentId", parent).encode())
                .post("/api/teams").then().statusCode(201).extract().path("id");
    }

    private static void service(String org, String slug, String owner) {
        Api.as(org, "admin").body(new JsonObject().put("name", slug).put("ownerTeamIds", owner == null ? List.of() : List.of(owner))
                .encode()).put("/api/services/" + slug).then().statusCode(201);
    }

    private static void create(String org, String body) {
        responder(org).body(body).post("/api/incidents").then().statusCode(201);
    }

    private static JsonObject imported(String org, String name, Map<String, Object> customFields, List<String> services,
            String declaredAt) {
        return Imports.command(org, org + "-" + name, Map.of("name", "Imported " + name, "severity", "SEV3",
                "customFields", customFields, "services", services, "declaredAt", declaredAt));
    }
}
