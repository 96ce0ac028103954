package io.tocsin.incident.timeline;

import static io.tocsin.incident.support.Api.declare;
import static io.tocsin.incident.support.Api.responder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tocsin.incident.support.Api;
import io.tocsin.devstack.testing.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TimelineAndLinksTest {

    @Test
    void manualEntriesArePagedInOrder() {
        String org = Api.newOrg();
        String id = declare(org, "Long incident", "SEV2");
        for (int i = 1; i <= 7; i++) {
            responder(org).body("{\"message\":\"Update " + i + "\",\"type\":\"update\"}").post("/api/incidents/" + id + "/timeline")
                    .then().statusCode(201).body("kind", equalTo("manual")).body("type", equalTo("update"))
                    .body("authorId", equalTo("u-responder"));
        }
        List<String> messages = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = responder(org).queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/incidents/" + id + "/timeline").then().statusCode(200).extract().jsonPath();
            messages.addAll(page.getList("items.message"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(messages).hasSize(8);
        assertThat(messages.subList(1, 8)).containsExactly("Update 1", "Update 2", "Update 3", "Update 4", "Update 5",
                "Update 6", "Update 7");
        assertThat(TestDatabase.rows("SELECT last_update_at > declared_at AS bumped FROM incident.incidents WHERE id = ?",
                UUID.fromString(id)).get(0)).containsEntry("bumped", true);
    }

    @Test
    void entriesCannotBeChangedEvenInTheDatabase() {
        String org = Api.newOrg();
        String id = declare(org, "Immutable", "SEV2");
        assertThatThrownBy(() -> TestDatabase.execute("UPDATE incident.timeline_entries SET message = 'rewritten' WHERE incident_id = ?",
                UUID.fromString(id))).isInstanceOf(SQLException.class).hasMessageContaining("immutable");
        assertThatThrownBy(() -> TestDatabase.execute("DELETE FROM incident.timeline_entries WHERE incident_id = ?", UUID.fromString(id)))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void linksAreUniqueListedAndRemovedWithTimelineEntries() {
        String org = Api.newOrg();
        String id = declare(org, "Linked", "SEV2");
        String alert = responder(org).body("{\"type\":\"alert\",\"targetId\":\"am-1\",\"url\":\"https://am.example.com/a/1\",\"title\":\"High errors\"}")
                .post("/api/incidents/" + id + "/links").then().statusCode(201).body("type", equalTo("alert")).extract().path("id");
        responder(org).body("{\"type\":\"trace\",\"targetId\":\"4bf92f3577b34da6\"}").post("/api/incidents/" + id + "/links")
                .then().statusCode(201).body("url", nullValue());
        responder(org).body("{\"type\":\"error_group\",\"targetId\":\"am-1\"}").post("/api/incidents/" + id + "/links")
                .then().statusCode(201);
        responder(org).body("{\"type\":\"alert\",\"targetId\":\"am-1\"}").post("/api/incidents/" + id + "/links")
                .then().statusCode(409).body("type", equalTo("/problems/link-exists"));

        assertThat(responder(org).get("/api/incidents/" + id + "/links").then().statusCode(200).extract().jsonPath()
                .<String>getList("type")).containsExactly("alert", "trace", "error_group");
        responder(org).delete("/api/incidents/" + id + "/links/" + alert).then().statusCode(204);
        responder(org).delete("/api/incidents/" + id + "/links/" + alert).then().statusCode(404);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.links WHERE incident_id = ?", UUID.fromString(id))).isEqualTo(2);

        List<String> kinds = responder(org).get("/api/incidents/" + id + "/timeline").then().extract().jsonPath().getList("items.kind");
        assertThat(kinds).containsExactly("declared", "link_added", "link_added", "link_added", "link_removed");
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.outbox WHERE aggregate_id = ? AND type = 'io.tocsin.incident.link_added'", id))
                .isEqualTo(3);
    }

    @Test
    void dismissedIncidentsTakeNoEntries() {
        String org = Api.newOrg();
        String draft = responder(org).body("{\"title\":\"Noise\",\"severity\":\"SEV4\",\"draft\":true}").post("/api/incidents")
                .then().statusCode(201).extract().path("id");
        responder(org).post("/api/incidents/" + draft + "/dismiss").then().statusCode(200);
        responder(org).body("{\"message\":\"late\",\"type\":\"update\"}").post("/api/incidents/" + draft + "/timeline").then()
                .statusCode(409);
        responder(org).body("{\"type\":\"alert\",\"targetId\":\"late\"}").post("/api/incidents/" + draft + "/links").then()
                .statusCode(409);
        responder(org).get("/api/incidents/" + draft + "/timeline").then().statusCode(200)
                .body("items.kind", equalTo(List.of("drafted", "dismissed")));
    }
}
