package io.tocsin.incident.lifecycle;

import static io.tocsin.incident.support.Api.declare;
import static io.tocsin.incident.support.Api.responder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tocsin.incident.support.Api;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.incident.support.TestClock;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class IncidentLifecycleTest {

    @Inject
    TestClock clock;

    @Test
    void declareInvestigateMitigateResolveAndReopen() {
        String org = Api.newOrg();
        String id = declare(org, "Checkout errors", "SEV1", "checkout-api");
        get(org, id).body("status", equalTo("declared")).body("reference", notNullValue())
                .body("declaredBy", equalTo("u-responder")).body("declaredAt", notNullValue()).header("ETag", "\"1\"");

        patch(org, id, 1, "{\"status\":\"investigating\"}").statusCode(200)
                .body("status", equalTo("investigating")).body("acknowledgedAt", notNullValue()).header("ETag", "\"2\"");
        patch(org, id, 2, "{\"status\":\"mitigated\",\"mitigationSummary\":\"Rolled back v812\"}").statusCode(200)
                .body("mitigationSummary", equalTo("Rolled back v812")).body("mitigatedAt", notNullValue());
        patch(org, id, 3, "{\"status\":\"resolved\",\"resolutionSummary\":\"Bad config reverted\"}").statusCode(200)
                .body("status", equalTo("resolved")).body("resolvedAt", notNullValue())
                .body("resolutionSummary", equalTo("Bad config reverted")).body("version", equalTo(4));
        patch(org, id, 4, "{\"status\":\"investigating\"}").statusCode(200)
                .body("status", equalTo("investigating")).body("resolvedAt", nullValue()).body("resolutionSummary", nullValue());

        List<String> kinds = responder(org).get("/api/incidents/" + id + "/timeline").then().statusCode(200)
                .extract().jsonPath().getList("items.kind");
        assertThat(kinds).containsExactly("declared", "status_changed", "status_changed", "status_changed", "status_changed");
        Map<String, Object> row = TestDatabase.rows("SELECT status, version, acknowledged_at IS NOT NULL AS acked FROM incident.incidents WHERE id = ?",
                UUID.fromString(id)).get(0);
        assertThat(row).containsEntry("status", "investigating").containsEntry("version", 5L).containsEntry("acked", true);
    }

    @Test
    void forwardSkipsAreAllowedAndSummariesFollowTheirStatus() {
        String org = Api.newOrg();
        String id = declare(org, "Queue backlog", "SEV3");
        patch(org, id, 1, "{\"status\":\"resolved\",\"resolutionSummary\":\"Drained\"}").statusCode(200)
                .body("status", equalTo("resolved")).body("acknowledgedAt", notNullValue());
        patch(org, id, 2, "{\"mitigationSummary\":\"x\"}").statusCode(400)
                .body("errors[0].field", equalTo("mitigationSummary"));
        patch(org, id, 2, "{\"resolutionSummary\":\"Drained the queue and scaled consumers\"}").statusCode(200)
                .body("resolutionSummary", equalTo("Drained the queue and scaled consumers")).body("version", equalTo(3));
    }

    @ParameterizedTest(name = "{0} → {1} is refused")
    @CsvSource({
            "declared, draft", "declared, dismissed", "declared, declared_again",
            "investigating, declared", "investigating, draft",
            "mitigated, declared", "resolved, mitigated", "resolved, declared", "resolved, draft"})
    void illegalTransitionsAnswer409AndChangeNothing(String from, String to) {
        String org = Api.newOrg();
        String id = declare(org, "State machine", "SEV2");
        long version = moveTo(org, id, from);
        if (to.equals("declared_again")) {
            return; // same status is a no-op, covered below
        }
        String before = TestDatabase.rows("SELECT status, version FROM incident.incidents WHERE id = ?", UUID.fromString(id)).toString();
        long entries = TestDatabase.count("SELECT count(*) FROM incident.timeline_entries WHERE incident_id = ?", UUID.fromString(id));
        long events = TestDatabase.count("SELECT count(*) FROM incident.outbox WHERE aggregate_id = ?", id);

        patch(org, id, version, "{\"status\":\"" + to + "\"}").statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("/problems/illegal-transition"));

        assertThat(TestDatabase.rows("SELECT status, version FROM incident.incidents WHERE id = ?", UUID.fromString(id)).toString()).isEqualTo(before);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.timeline_entries WHERE incident_id = ?", UUID.fromString(id))).isEqualTo(entries);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.outbox WHERE aggregate_id = ?", id)).isEqualTo(events);
    }

    @Test
    void settingTheCurrentStatusChangesNothing() {
        String org = Api.newOrg();
        String id = declare(org, "No-op", "SEV4");
        patch(org, id, 1, "{\"status\":\"declared\"}").statusCode(200).body("version", equalTo(1));
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.outbox WHERE aggregate_id = ?", id)).isEqualTo(1);
    }

    @Test
    void staleOrMissingVersionsAreRefused() {
        String org = Api.newOrg();
        String id = declare(org, "Versions", "SEV2");
        patch(org, id, 1, "{\"title\":\"Versions, renamed\"}").statusCode(200).header("ETag", "\"2\"");
        patch(org, id, 1, "{\"title\":\"Lost update\"}").statusCode(412).body("type", equalTo("/problems/stale-version"));
        responder(org).body("{\"title\":\"No version\"}").patch("/api/incidents/" + id).then().statusCode(428)
                .contentType("application/problem+json");
        get(org, id).body("title", equalTo("Versions, renamed")).body("version", equalTo(2));
    }

    @Test
    void aStaleVersionIsReportedBeforeOtherProblems() {
        String org = Api.newOrg();
        String id = declare(org, "Order of checks", "SEV2");
        patch(org, id, 1, "{\"title\":\"v2\"}").statusCode(200);
        patch(org, id, 1, "{\"owners\":[\"" + UUID.randomUUID() + "\"]}").statusCode(412);
        patch(org, id, 2, "{\"owners\":[\"" + UUID.randomUUID() + "\"]}").statusCode(400).body("errors[0].field", equalTo("owners"));
    }

    @Test
    void changesWithATimelineEntryMoveTheLastUpdate() {
        String org = Api.newOrg();
        String id = declare(org, "Last update", "SEV2");
        Instant before = lastUpdate(id);
        clock.advance(Duration.ofMinutes(5));
        try {
            patch(org, id, 1, "{\"severity\":\"SEV1\"}").statusCode(200);
        } finally {
            clock.reset();
        }
        assertThat(lastUpdate(id)).isAfter(before.plus(Duration.ofMinutes(4)));
    }

    @Test
    void resolvedAtMustBeBetweenDeclarationAndNow() {
        String org = Api.newOrg();
        String id = declare(org, "Times", "SEV2");
        Instant declaredAt = Instant.parse(get(org, id).extract().path("declaredAt"));
        patch(org, id, 1, "{\"status\":\"resolved\",\"resolutionSummary\":\"ok\",\"resolvedAt\":\"" + clock.instant().plus(Duration.ofHours(1)) + "\"}")
                .statusCode(400).body("errors[0].field", equalTo("resolvedAt"));
        patch(org, id, 1, "{\"status\":\"resolved\",\"resolutionSummary\":\"ok\",\"resolvedAt\":\"" + declaredAt.minusSeconds(60) + "\"}")
                .statusCode(400).body("errors[0].field", equalTo("resolvedAt"));
        patch(org, id, 1, "{\"status\":\"resolved\"}").statusCode(400).body("errors[0].field", equalTo("resolutionSummary"));

        clock.advance(Duration.ofMinutes(30));
        try {
            Instant resolvedAt = declaredAt.plus(Duration.ofMinutes(20));
            patch(org, id, 1, "{\"status\":\"resolved\",\"resolutionSummary\":\"ok\",\"resolvedAt\":\"" + resolvedAt + "\"}")
                    .statusCode(200).body("resolvedAt", equalTo(resolvedAt.toString()));
        } finally {
            clock.reset();
        }
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE id = ? AND status = 'resolved'", UUID.fromString(id))).isEqualTo(1);
    }

    @Test
    void draftsArePublishedOrDismissedAndDismissedOnesDisappearFromLists() {
        String org = Api.newOrg();
        String draft = responder(org).body("{\"title\":\"Maybe an incident\",\"severity\":\"SEV3\",\"draft\":true}")
                .post("/api/incidents").then().statusCode(201).body("status", equalTo("draft")).body("declaredAt", nullValue())
                .extract().path("id");
        patch(org, draft, 1, "{\"status\":\"declared\"}").statusCode(409);
        responder(org).post("/api/incidents/" + draft + "/publish").then().statusCode(200)
                .body("status", equalTo("declared")).body("declaredAt", notNullValue()).body("version", equalTo(2));
        responder(org).post("/api/incidents/" + draft + "/publish").then().statusCode(200).body("version", equalTo(2));
        responder(org).post("/api/incidents/" + draft + "/dismiss").then().statusCode(409);

        String other = responder(org).body("{\"title\":\"Noise\",\"severity\":\"SEV4\",\"draft\":true}")
                .post("/api/incidents").then().statusCode(201).extract().path("id");
        responder(org).post("/api/incidents/" + other + "/dismiss").then().statusCode(200).body("status", equalTo("dismissed"));
        responder(org).post("/api/incidents/" + other + "/dismiss").then().statusCode(200).body("version", equalTo(2));
        responder(org).post("/api/incidents/" + other + "/publish").then().statusCode(409);
        patch(org, other, 2, "{\"title\":\"Too late\"}").statusCode(409);

        assertThat(responder(org).get("/api/incidents").then().statusCode(200).extract().jsonPath().<String>getList("items.id"))
                .containsExactly(draft);
        assertThat(responder(org).queryParam("includeDismissed", true).get("/api/incidents").then().extract().jsonPath()
                .<String>getList("items.id")).containsExactlyInAnyOrder(draft, other);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE id = ? AND status = 'dismissed'", UUID.fromString(other))).isEqualTo(1);
    }

    @Test
    void severityCommanderAndServicesChangesAreOnTheTimeline() {
        String org = Api.newOrg();
        String id = declare(org, "Payments slow", "SEV3", "payments");
        patch(org, id, 1, "{\"severity\":\"SEV1\",\"commanderId\":\"u-carol\",\"services\":[\"payments\",\"ledger\"]}")
                .statusCode(200).body("severity", equalTo("SEV1")).body("commanderId", equalTo("u-carol"));
        patch(org, id, 2, "{\"commanderId\":null,\"services\":[\"ledger\"]}").statusCode(200).body("commanderId", nullValue());
        List<Map<String, Object>> entries = responder(org).get("/api/incidents/" + id + "/timeline").then().extract()
                .jsonPath().getList("items");
        assertThat(entries).extracting(e -> e.get("kind")).containsExactly("declared", "severity_changed",
                "commander_assigned", "services_changed", "commander_assigned", "services_changed");
        assertThat(entries.get(3).get("message").toString()).contains("added ledger");
        assertThat(entries.get(5).get("message").toString()).contains("removed payments");
    }

    @Test
    void theOnCallOfAnAffectedServiceBecomesCommander() {
        String org = Api.newOrg();
        Api.as(org, "admin").body("{\"name\":\"Search\",\"oncallUserId\":\"u-oncall\"}").put("/api/services/search")
                .then().statusCode(201);
        String id = declare(org, "Search down", "SEV1", "unknown-service", "search");
        get(org, id).body("commanderId", equalTo("u-oncall"));
        String explicit = responder(org).body("{\"title\":\"Search slow\",\"severity\":\"SEV2\",\"services\":[\"search\"],\"commanderId\":\"u-me\"}")
                .post("/api/incidents").then().statusCode(201).extract().path("id");
        get(org, explicit).body("commanderId", equalTo("u-me"));
        String draft = responder(org).body("{\"title\":\"Maybe search\",\"severity\":\"SEV2\",\"services\":[\"search\"],\"draft\":true}")
                .post("/api/incidents").then().statusCode(201).body("commanderId", nullValue()).extract().path("id");
        responder(org).post("/api/incidents/" + draft + "/publish").then().statusCode(200).body("commanderId", equalTo("u-oncall"));
    }

    @Test
    void incidentsAreFoundByReferenceToo() {
        String org = Api.newOrg();
        String id = declare(org, "By reference", "SEV2");
        String reference = get(org, id).extract().path("reference");
        assertThat(reference).matches("INC-\\d{4}-0001");
        responder(org).get("/api/incidents/" + reference).then().statusCode(200).body("id", equalTo(id));
        responder(org).get("/api/incidents/" + reference.toLowerCase()).then().statusCode(200).body("id", equalTo(id));
    }

    private static Instant lastUpdate(String id) {
        return ((java.sql.Timestamp) TestDatabase.rows("SELECT last_update_at FROM incident.incidents WHERE id = ?",
                UUID.fromString(id)).get(0).get("last_update_at")).toInstant();
    }

    private static long moveTo(String org, String id, String status) {
        return switch (status) {
            case "declared" -> 1;
            case "investigating" -> patchVersion(org, id, 1, "{\"status\":\"investigating\"}");
            case "mitigated" -> patchVersion(org, id, 1, "{\"status\":\"mitigated\"}");
            case "resolved" -> patchVersion(org, id, 1, "{\"status\":\"resolved\",\"resolutionSummary\":\"done\"}");
            default -> throw new IllegalArgumentException(status);
        };
    }

    private static long patchVersion(String org, String id, long version, String body) {
        return patch(org, id, version, body).statusCode(200).extract().<Integer>path("version");
    }

    static ValidatableResponse patch(String org, String id, long version, String body) {
        return responder(org).header("If-Match", "\"" + version + "\"").body(body).patch("/api/incidents/" + id).then();
    }

    static ValidatableResponse get(String org, String id) {
        return responder(org).get("/api/incidents/" + id).then().statusCode(200);
    }
}
