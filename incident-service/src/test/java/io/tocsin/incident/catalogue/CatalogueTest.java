package io.tocsin.incident.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.incident.support.Api;
import io.tocsin.devstack.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CatalogueTest {

    @Test
    void everyOrganisationHasOneRootTeamThatParentsNewTeams() {
        String org = Api.newOrg();
        String root = Api.as(org, "viewer").get("/api/teams").then().statusCode(200).body("size()", equalTo(1))
                .body("[0].root", equalTo(true)).body("[0].parentId", nullValue()).extract().path("[0].id");
        String payments = Api.as(org, "admin").body("{\"name\":\"Payments\"}").post("/api/teams").then().statusCode(201)
                .body("parentId", equalTo(root)).extract().path("id");
        String ledger = Api.as(org, "admin").body("{\"name\":\"Ledger\",\"parentId\":\"" + payments + "\"}").post("/api/teams")
                .then().statusCode(201).body("parentId", equalTo(payments)).extract().path("id");

        Api.as(org, "admin").body("{\"name\":\"payments\"}").post("/api/teams").then().statusCode(409)
                .body("type", equalTo("/problems/team-exists"));
        Api.as(org, "admin").body("{\"name\":\"Payments\",\"parentId\":\"" + ledger + "\"}").patch("/api/teams/" + payments)
                .then().statusCode(400).body("errors[0].field", equalTo("parentId"));
        Api.as(org, "admin").body("{\"name\":\"Payments & Billing\",\"parentId\":\"" + root + "\"}").patch("/api/teams/" + payments)
                .then().statusCode(200).body("name", equalTo("Payments & Billing"));
        Api.as(org, "admin").body("{\"name\":\"Org\",\"parentId\":\"" + payments + "\"}").patch("/api/teams/" + root)
                .then().statusCode(400);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.teams WHERE org_id = ? AND is_root", org)).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.teams WHERE org_id = ?", org)).isEqualTo(3);
    }

    @Test
    void servicesAreCreatedThenReplaced() {
        String org = Api.newOrg();
        String team = Api.as(org, "admin").body("{\"name\":\"Search\"}").post("/api/teams").then().statusCode(201).extract().path("id");
        Api.as(org, "admin").body("{\"name\":\"Search API\",\"ownerTeamIds\":[\"" + team + "\"],\"oncallUserId\":\"u-sam\"}")
                .put("/api/services/search-api").then().statusCode(201).body("slug", equalTo("search-api"))
                .body("ownerTeamIds", equalTo(List.of(team)));
        Api.as(org, "admin").body("{\"name\":\"Search API v2\"}").put("/api/services/search-api").then().statusCode(200)
                .body("oncallUserId", nullValue()).body("ownerTeamIds", equalTo(List.of()));
        Api.as(org, "viewer").get("/api/services").then().statusCode(200).body("size()", equalTo(1))
                .body("[0].name", equalTo("Search API v2"));
        Api.as(org, "admin").body("{\"name\":\"Bad\"}").put("/api/services/Not_A_Slug").then().statusCode(400);
        Api.as(org, "responder").body("{\"name\":\"Nope\"}").put("/api/services/nope").then().statusCode(403);
        Api.as(org, "viewer").get("/api/services/nope").then().statusCode(404);
        Map<String, Object> row = TestDatabase.rows("SELECT name, oncall_user_id FROM incident.services WHERE org_id = ?", org).get(0);
        assertThat(row).containsEntry("name", "Search API v2").containsEntry("oncall_user_id", null);
    }
}
