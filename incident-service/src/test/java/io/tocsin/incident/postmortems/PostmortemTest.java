package io.tocsin.incident.postmortems;

import static io.tocsin.incident.support.Api.declare;
import static io.tocsin.incident.support.Api.responder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.devstack.testing.TestBroker.Event;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.incident.support.Api;
import io.tocsin.incident.support.Events;
import io.tocsin.incident.support.Imports;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §4.2: a postmortem draft on resolution, its review flow, and action items tracked per team. */
@QuarkusTest
class PostmortemTest {

    @BeforeAll
    static void listen() {
        Events.listen();
    }

    @Test
    void resolvingASev1WritesADraftWithTheStoryOfTheIncident() {
        String org = Api.newOrg();
        String id = responder(org).body("{\"title\":\"Checkout errors\",\"severity\":\"SEV1\",\"environment\":\"production\","
                + "\"services\":[\"checkout-api\",\"payments\"],\"description\":\"Customers see **502s**.\","
                + "\"impactStartedAt\":\"" + Instant.now().minusSeconds(600) + "\"}").post("/api/incidents")
                .then().statusCode(201).extract().path("id");
        responder(org).body("{\"message\":\"Rolled back **v812**\\nerrors dropping\",\"type\":\"action\"}")
                .post("/api/incidents/" + id + "/timeline").then().statusCode(201);
        link(org, id, "{\"type\":\"alert\",\"targetId\":\"alert-991\",\"title\":\"Error rate > 5%\",\"url\":\"https://grafana.example.com/a/991\"}");
        link(org, id, "{\"type\":\"deploy\",\"targetId\":\"v812\",\"url\":\"https://ci.example.com/deploys/812\"}");
        link(org, id, "{\"type\":\"trace\",\"targetId\":\"4bf92f3577b34da6\"}");
        patch(org, id, 1, "{\"status\":\"mitigated\",\"mitigationSummary\":\"Rolled back\"}").statusCode(200);
        patch(org, id, 2, "{\"status\":\"resolved\",\"resolutionSummary\":\"Bad config in v812 reverted\"}").statusCode(200);

        ValidatableResponse postmortem = Api.as(org, "viewer").get("/api/incidents/" + id + "/postmortem").then().statusCode(200)
                .header("ETag", "\"1\"").body("status", equalTo("draft")).body("version", equalTo(1))
                .body("incidentId", equalTo(id)).body("publishedAt", nullValue()).body("actionItems.size()", equalTo(0));
        String body = postmortem.extract().path("body");
        String reference = postmortem.extract().path("incidentReference");
        assertThat(body).startsWith("# Postmortem: " + reference + " — Checkout errors\n")
                .contains("## Summary\n", "| Severity | SEV1 (Critical) |", "| Services | checkout-api, payments |",
                        "| Environment | production |", "Customers see **502s**.", "**Mitigation:** Rolled back",
                        "**Resolution:** Bad config in v812 reverted")
                .contains("## Impact window and durations\n", "| Impact started | ", "| Resolved | ",
                        "- Time to detect (impact start → declared): 10m", "- Time to resolve (declared → resolved): ")
                .contains("## Timeline\n", "Incident declared by u-responder as SEV1 (Critical).",
                        "Rolled back **v812**\n  errors dropping", "Status changed from mitigated to resolved by u-responder.")
                .contains("## Linked alerts\n\n- alert [Error rate > 5% (alert-991)](https://grafana.example.com/a/991)\n")
                .contains("## Linked deploys\n\n- deploy [v812](https://ci.example.com/deploys/812)\n")
                .contains("## Other links\n\n- trace 4bf92f3577b34da6\n")
                .endsWith("## Root cause\n\n## Lessons learned\n\n");
        assertThat(body.indexOf("## Summary")).isLessThan(body.indexOf("## Impact window"));
        assertThat(body.indexOf("## Impact window")).isLessThan(body.indexOf("## Timeline"));
        assertThat(body.indexOf("## Timeline")).isLessThan(body.indexOf("## Linked alerts"));

        // postmortem.created is written in the resolution's transaction, right after its status change
        assertThat(outboxTypes(id)).endsWith("io.tocsin.incident.status_changed", "io.tocsin.postmortem.created");
        String postmortemId = postmortem.extract().path("id");
        await().atMost(Duration.ofSeconds(15)).until(() -> Events.of(org, id).stream()
                .anyMatch(e -> e.shortType().equals("postmortem.created")));
        Event created = Events.of(org, id).stream().filter(e -> e.shortType().equals("postmortem.created")).findFirst().orElseThrow();
        assertThat(created.data().getJsonObject("change").getJsonObject("postmortem").getString("id")).isEqualTo(postmortemId);
        assertThat(created.data().getJsonObject("incident").getString("status")).isEqualTo("resolved");
    }

    @Test
    void aReopenKeepsThePostmortemAndASecondResolutionAddsNone() {
        String org = Api.newOrg();
        String id = declare(org, "Payments slow", "SEV2", "payments");
        patch(org, id, 1, "{\"status\":\"resolved\",\"resolutionSummary\":\"Failed over\"}").statusCode(200);
        String postmortemId = Api.as(org, "viewer").get("/api/incidents/" + id + "/postmortem").then().statusCode(200)
                .extract().path("id");
        patch(org, id, 2, "{\"status\":\"investigating\"}").statusCode(200);
        Api.as(org, "viewer").get("/api/incidents/" + id + "/postmortem").then().statusCode(200).body("id", equalTo(postmortemId));
        patch(org, id, 3, "{\"status\":\"resolved\",\"resolutionSummary\":\"Failed over, again\"}").statusCode(200);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.postmortems WHERE incident_id = ?", UUID.fromString(id)))
                .isEqualTo(1);
        assertThat(outboxTypes(id).stream().filter(t -> t.endsWith("postmortem.created"))).hasSize(1);
    }

    @Test
    void onlyEnabledSeveritiesGetOneAndExternalResolutionsCountToo() {
        String org = Api.newOrg();
        String minor = declare(org, "Search slow", "SEV3", "search");
        patch(org, minor, 1, "{\"status\":\"resolved\",\"resolutionSummary\":\"Cache warmed\"}").statusCode(200);
        Api.as(org, "viewer").get("/api/incidents/" + minor + "/postmortem").then().statusCode(404)
                .body("type", equalTo("/problems/not-found"));

        Api.as(org, "admin").get("/api/postmortem-settings").then().statusCode(200).body("severities", equalTo(List.of("SEV1", "SEV2")));
        Api.as(org, "responder").body("{\"severities\":[\"SEV3\"]}").put("/api/postmortem-settings").then().statusCode(403);
        Api.as(org, "admin").body("{\"severities\":[\"SEV5\"]}").put("/api/postmortem-settings").then().statusCode(400);
        Api.as(org, "admin").body("{\"severities\":[\"SEV3\",\"SEV2\",\"SEV3\"]}").put("/api/postmortem-settings").then()
                .statusCode(200).body("severities", equalTo(List.of("SEV2", "SEV3")));

        String minorAgain = declare(org, "Search slow again", "SEV3", "search");
        patch(org, minorAgain, 1, "{\"status\":\"resolved\",\"resolutionSummary\":\"Cache warmed\"}").statusCode(200);
        Api.as(org, "viewer").get("/api/incidents/" + minorAgain + "/postmortem").then().statusCode(200);
        String critical = declare(org, "Everything down", "SEV1");
        patch(org, critical, 1, "{\"status\":\"resolved\",\"resolutionSummary\":\"Back up\"}").statusCode(200);
        Api.as(org, "viewer").get("/api/incidents/" + critical + "/postmortem").then().statusCode(404);

        String paged = declare(org, "Paged in PagerDuty", "SEV2", "payments");
        String command = UUID.randomUUID().toString();
        Events.sendCommand(command, CommandType.EXTERNAL_RESOLVED.cloudEventType(), org, new JsonObject()
                .put("commandId", command).put("org", org).put("origin", "pagerduty").put("incidentId", paged)
                .put("externalId", "Q2KJ8").put("by", new JsonObject().put("name", "Alice Oncall"))
                .put("at", Instant.now().toString()).put("note", "Restarted the consumer").encode());
        Imports.awaitProcessed(command);
        String body = Api.as(org, "viewer").get("/api/incidents/" + paged + "/postmortem").then().statusCode(200)
                .extract().path("body");
        assertThat(body).contains("**Resolution:** Restarted the consumer", "Resolved in PagerDuty by Alice Oncall.");
        assertThat(outboxTypes(paged)).endsWith("io.tocsin.incident.status_changed", "io.tocsin.postmortem.created");
    }

    @Test
    void theReviewFlowGoesForwardOneStepAtATimeWithVersions() {
        String org = Api.newOrg();
        String id = declare(org, "Login errors", "SEV1", "auth");
        patch(org, id, 1, "{\"status\":\"resolved\",\"resolutionSummary\":\"Rotated the key\"}").statusCode(200);
        String reference = Api.as(org, "viewer").get("/api/incidents/" + id).then().extract().path("reference");
        String path = "/api/incidents/" + reference + "/postmortem";

        responder(org).body("{\"status\":\"in_review\"}").patch(path).then().statusCode(428);
        edit(org, path, 7, "{\"status\":\"in_review\"}").statusCode(412).body("type", equalTo("/problems/stale-version"));
        edit(org, path, 1, "{\"status\":\"published\"}").statusCode(409).body("type", equalTo("/problems/illegal-transition"));
        edit(org, path, 1, "{\"status\":\"archived\"}").statusCode(400);
        edit(org, path, 1, "{\"title\":\"no such field\"}").statusCode(400);
        Api.as(org, "viewer").header("If-Match", "\"1\"").body("{\"status\":\"in_review\"}").patch(path).then().statusCode(403);
        edit(org, path, 1, "{}").statusCode(200).header("ETag", "\"1\"");

        edit(org, path, 1, "{\"status\":\"in_review\"}").statusCode(200).header("ETag", "\"2\"").body("status", equalTo("in_review"));
        edit(org, path, 2, "{\"body\":\"# Postmortem\\n\\n## Root cause\\n\\nAn expired key.\"}").statusCode(200)
                .body("version", equalTo(3)).body("body", equalTo("# Postmortem\n\n## Root cause\n\nAn expired key."));
        edit(org, path, 3, "{\"status\":\"draft\"}").statusCode(409);
        edit(org, path, 3, "{\"status\":\"published\"}").statusCode(200).body("status", equalTo("published"))
                .body("version", equalTo(4));
        edit(org, path, 4, "{\"body\":\"rewritten\"}").statusCode(409).body("type", equalTo("/problems/postmortem-published"));
        edit(org, path, 4, "{\"status\":\"in_review\"}").statusCode(409);

        assertThat(TestDatabase.rows("SELECT status, version, body, published_at IS NOT NULL AS published FROM incident.postmortems"
                + " WHERE incident_id = ?", UUID.fromString(id)).get(0))
                .containsEntry("status", "published").containsEntry("version", 4L).containsEntry("published", true)
                .containsEntry("body", "# Postmortem\n\n## Root cause\n\nAn expired key.");
        Api.as(Api.newOrg(), "viewer").get("/api/incidents/" + id + "/postmortem").then().statusCode(404);
    }

    @Test
    void actionItemsAreTrackedToCompletionPerTeamAndChildTeams() {
        String org = Api.newOrg();
        String platform = team(org, "Platform", null);
        String payments = team(org, "Payments", platform);
        String search = team(org, "Search", null);
        String id = responder(org).body("{\"title\":\"Card declines\",\"severity\":\"SEV1\",\"owners\":[\"" + payments + "\"]}")
                .post("/api/incidents").then().statusCode(201).extract().path("id");
        patch(org, id, 1, "{\"status\":\"resolved\",\"resolutionSummary\":\"Retried\"}").statusCode(200);
        String postmortemId = Api.as(org, "viewer").get("/api/incidents/" + id + "/postmortem").then().extract().path("id");
        String items = "/api/postmortems/" + postmortemId + "/action-items";

        // without a team: the incident's teams (its owner)
        String alert = responder(org).body("{\"title\":\"Alert on decline rate\",\"ownerId\":\"u-alice\",\"dueDate\":\"2026-04-01\"}")
                .post(items).then().statusCode(201).body("teamIds", equalTo(List.of(payments))).body("status", equalTo("open"))
                .body("incidentId", equalTo(id)).extract().path("id");
        String runbook = responder(org).body("{\"title\":\"Write the runbook\",\"ownerId\":\"u-bob\",\"dueDate\":\"2026-03-20\","
                + "\"teamId\":\"" + search + "\"}").post(items).then().statusCode(201).body("teamIds", equalTo(List.of(search)))
                .extract().path("id");
        responder(org).body("{\"title\":\"No date\",\"ownerId\":\"u-bob\"}").post(items).then().statusCode(400)
                .body("errors[0].field", equalTo("dueDate"));
        responder(org).body("{\"title\":\"Bad team\",\"ownerId\":\"u-bob\",\"dueDate\":\"2026-03-20\",\"teamId\":\""
                + team(Api.newOrg(), "Elsewhere", null) + "\"}").post(items).then().statusCode(400);
        Api.as(org, "viewer").body("{\"title\":\"x\",\"ownerId\":\"u\",\"dueDate\":\"2026-03-20\"}").post(items).then().statusCode(403);
        responder(Api.newOrg()).body("{\"title\":\"x\",\"ownerId\":\"u\",\"dueDate\":\"2026-03-20\"}").post(items).then().statusCode(404);

        // the parent team sees its child team's open items; the other team only its own
        assertThat(openTitles(org, platform)).containsExactly("Alert on decline rate");
        assertThat(openTitles(org, payments)).containsExactly("Alert on decline rate");
        assertThat(openTitles(org, search)).containsExactly("Write the runbook");

        responder(org).body("{\"status\":\"done\"}").patch(items + "/" + alert).then().statusCode(200)
                .body("status", equalTo("done")).body("completedAt", notNullValue());
        responder(org).body("{\"title\":\"Runbook for card declines\",\"dueDate\":\"2026-03-27\",\"teamId\":\"" + payments + "\"}")
                .patch(items + "/" + runbook).then().statusCode(200).body("title", equalTo("Runbook for card declines"))
                .body("teamIds", equalTo(List.of(payments))).body("dueDate", equalTo("2026-03-27"));
        responder(org).body("{\"status\":\"closed\"}").patch(items + "/" + runbook).then().statusCode(400);
        responder(org).body("{\"title\":\"  \"}").patch(items + "/" + runbook).then().statusCode(400);
        responder(org).body("{\"status\":\"done\"}").patch(items + "/" + UUID.randomUUID()).then().statusCode(404);

        assertThat(openTitles(org, platform)).containsExactly("Runbook for card declines");
        assertThat(openTitles(org, search)).isEmpty();
        assertThat(Api.as(org, "viewer").queryParam("status", "done").get("/api/teams/" + platform + "/action-items").then()
                .statusCode(200).extract().<List<String>>path("title")).containsExactly("Alert on decline rate");
        Api.as(org, "viewer").get("/api/teams/" + UUID.randomUUID() + "/action-items").then().statusCode(404);
        Api.as(org, "viewer").queryParam("status", "late").get("/api/teams/" + platform + "/action-items").then().statusCode(400);
        Api.as(org, "viewer").get("/api/incidents/" + id + "/postmortem").then().statusCode(200)
                .body("actionItems.title", equalTo(List.of("Alert on decline rate", "Runbook for card declines")));
        assertThat(TestDatabase.rows("SELECT status, completed_at IS NOT NULL AS completed FROM incident.action_items WHERE id = ?",
                UUID.fromString(alert)).get(0)).containsEntry("status", "done").containsEntry("completed", true);
    }

    private static List<String> openTitles(String org, String team) {
        return Api.as(org, "viewer").queryParam("status", "open").get("/api/teams/" + team + "/action-items").then()
                .statusCode(200).extract().path("title");
    }

    private static ValidatableResponse patch(String org, String id, long version, String body) {
        return responder(org).header("If-Match", "\"" + version + "\"").body(body).patch("/api/incidents/" + id).then();
    }

    private static ValidatableResponse edit(String org, String path, long version, String body) {
        return responder(org).header("If-Match", "\"" + version + "\"").body(body).patch(path).then();
    }

    private static void link(String org, String id, String body) {
        responder(org).body(body).post("/api/incidents/" + id + "/links").then().statusCode(201);
    }

    private static String team(String org, String name, String parent) {
        return Api.as(org, "admin").body(new JsonObject().put("name", name).put("parentId", parent).encode())
                .post("/api/teams").then().statusCode(201).extract().path("id");
    }

    private static List<String> outboxTypes(String id) {
        return TestDatabase.rows("SELECT type FROM incident.outbox WHERE aggregate_id = ? ORDER BY id", id).stream()
                .map(r -> r.get("type").toString()).toList();
    }
}
