package io.tocsin.incident.analytics;

import static io.tocsin.incident.support.Api.responder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.incident.support.Api;
import io.tocsin.incident.support.Imports;
import io.tocsin.incident.support.TestClock;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Analytics against hand-computed fixtures: eight incidents of June 2025 imported with exact
 * timestamps (the window is 2025-06-02 to 2025-06-30, four ISO weeks), plus incidents that must
 * not count (dismissed, outside the window, another organisation, a draft).
 */
@QuarkusTest
class AnalyticsTest {

    private static final String FROM = "2025-06-02T00:00:00Z";
    private static final String TO = "2025-06-30T00:00:00Z";

    @Inject
    TestClock clock;

    @Test
    void metricsBucketsServicesAndResponseTargetsMatchTheHandComputedValues() {
        String org = Api.newOrg();
        Map<String, String> ids = importJune(org);

        JsonPath a = analytics(org, Map.of("from", FROM, "to", TO));
        assertThat(a.getLong("total")).isEqualTo(8);
        assertThat(a.getString("from")).isEqualTo(FROM);
        assertThat(a.getString("bucket")).isEqualTo("week");

        // Four ISO weeks, Monday 00:00 UTC
        assertThat(a.getList("buckets.start")).containsExactly("2025-06-02T00:00:00Z", "2025-06-09T00:00:00Z",
                "2025-06-16T00:00:00Z", "2025-06-23T00:00:00Z");
        assertThat(a.getList("buckets.total", Integer.class)).containsExactly(2, 1, 3, 2);
        assertThat(a.getMap("buckets[0].bySeverity")).isEqualTo(Map.of("SEV1", 1, "SEV2", 1, "SEV3", 0, "SEV4", 0));
        assertThat(a.getMap("buckets[2].bySeverity")).isEqualTo(Map.of("SEV1", 0, "SEV2", 0, "SEV3", 1, "SEV4", 2));
        assertThat(a.getMap("buckets[3].bySeverity")).isEqualTo(Map.of("SEV1", 1, "SEV2", 0, "SEV3", 1, "SEV4", 0));

        assertThat(a.getList("topServices.service")).containsExactly("payments", "checkout-api", "search");
        assertThat(a.getList("topServices.incidents", Integer.class)).containsExactly(4, 3, 2);

        // MTTD: 30, 600, 1200, 3600, 7200 → mean 2526; p50 = 1200; p90 = 3600 + 0.6 × 3600 = 5760
        assertMetric(a, "mttd", 5, 2526, 1200, 5760);
        assertThat(a.getLong("mttd.missing.count")).isEqualTo(3);
        assertThat(a.getList("mttd.missing.incidentIds")).containsExactly(ids.get("I3"), ids.get("I6"), ids.get("I8"));
        // MTTA: 300, 600, 2700, 5400, 277200, 289800 → mean 96000; p50 = (2700 + 5400) / 2; p90 = 277200 + 0.5 × 12600
        assertMetric(a, "mtta", 6, 96000, 4050, 283500);
        assertThat(a.getList("mtta.missing.incidentIds")).containsExactly(ids.get("I7"), ids.get("I8"));
        // MTTR: 3600, 7200, 7200, 7200, 86400, 374400 → mean 81000; p50 = 7200; p90 = 86400 + 0.5 × 288000
        assertMetric(a, "mttr", 6, 81000, 7200, 230400);
        assertThat(a.getList("mttr.missing.incidentIds")).containsExactly(ids.get("I5"), ids.get("I7"));
        assertThat(a.getString("mttr.missing.reason")).contains("resolvedAt");

        // Within target: I1, I3, I4, I5 of I1–I7 (I7 is unacknowledged past its target; I8 resolved without an ack)
        assertThat(a.getLong("acknowledgedWithinTarget.counted")).isEqualTo(7);
        assertThat(a.getLong("acknowledgedWithinTarget.withinTarget")).isEqualTo(4);
        assertThat(a.getLong("acknowledgedWithinTarget.unacknowledgedPastTarget")).isEqualTo(1);
        assertThat(a.getLong("acknowledgedWithinTarget.notCounted")).isEqualTo(1);
        assertThat(a.getDouble("acknowledgedWithinTarget.share")).isCloseTo(4.0 / 7, within(1e-9));
        assertThat(a.getDouble("acknowledgedWithinTarget.bySeverity.SEV1.share")).isEqualTo(0.5);
        assertThat(a.getDouble("acknowledgedWithinTarget.bySeverity.SEV2.share")).isEqualTo(0.5);
        assertThat(a.getDouble("acknowledgedWithinTarget.bySeverity.SEV3.share")).isEqualTo(1.0);
        assertThat(a.getLong("acknowledgedWithinTarget.bySeverity.SEV3.incidents")).isEqualTo(2);
        // SEV4 declared on Fridays: acknowledged Monday 20:00 is in time, Tuesday 00:30 is not
        assertThat(a.getLong("acknowledgedWithinTarget.bySeverity.SEV4.withinTarget")).isEqualTo(1);
        assertThat(a.getLong("acknowledgedWithinTarget.bySeverity.SEV4.counted")).isEqualTo(2);
        assertThat(a.getString("acknowledgedWithinTarget.targets.SEV4")).contains("next business day");
    }

    @Test
    void filtersAndMonthlyBucketsNarrowTheSameFixture() {
        String org = Api.newOrg();
        Map<String, String> ids = importJune(org);

        JsonPath severe = analytics(org, Map.of("from", FROM, "to", TO, "severity", "SEV1,SEV2"));
        assertThat(severe.getLong("total")).isEqualTo(4);
        assertThat(severe.getList("filters.severities")).containsExactly("SEV1", "SEV2");
        // MTTR of I1, I2, I3: 7200, 7200, 3600 → mean 6000
        assertMetric(severe, "mttr", 3, 6000, 7200, 7200);

        JsonPath search = analytics(org, Map.of("from", FROM, "to", TO, "service", "search"));
        assertThat(search.getLong("total")).isEqualTo(2);
        assertThat(search.getList("mttd.missing.incidentIds")).containsExactly(ids.get("I8"));

        JsonPath monthly = analytics(org, Map.of("from", FROM, "to", TO, "bucket", "month"));
        assertThat(monthly.getList("buckets.start")).containsExactly("2025-06-01T00:00:00Z");
        assertThat(monthly.getList("buckets.total", Integer.class)).containsExactly(8);
        assertThat(monthly.getMap("buckets[0].bySeverity")).isEqualTo(Map.of("SEV1", 2, "SEV2", 2, "SEV3", 2, "SEV4", 2));

        JsonPath secondWeek = analytics(org, Map.of("from", "2025-06-09T00:00:00Z", "to", "2025-06-16T00:00:00Z"));
        assertThat(secondWeek.getLong("total")).isEqualTo(1);
        assertThat(secondWeek.getList("buckets.start")).containsExactly("2025-06-09T00:00:00Z");

        JsonPath empty = analytics(org, Map.of("from", FROM, "to", TO, "environment", "staging"));
        assertThat(empty.getLong("total")).isZero();
        assertThat(empty.getList("buckets.total", Integer.class)).containsExactly(0, 0, 0, 0);
        assertThat(empty.getString("mttd.meanSeconds")).isNull();
        assertThat(empty.getString("acknowledgedWithinTarget.share")).isNull();
        assertThat(empty.getList("topServices")).isEmpty();
    }

    @Test
    void incidentsDeclaredThroughTheApiCountWithTheirTimestampsAndEnvironment() {
        String org = Api.newOrg();
        Instant impact = clock.instant().minus(Duration.ofMinutes(20));
        String sev2 = responder(org).body("{\"title\":\"Checkout down\",\"severity\":\"SEV2\",\"environment\":\"production\","
                + "\"services\":[\"checkout-api\"],\"impactStartedAt\":\"" + impact + "\"}").post("/api/incidents")
                .then().statusCode(201).extract().path("id");
        String sev4 = responder(org).body("{\"title\":\"Chart glitch\",\"severity\":\"SEV4\",\"environment\":\"staging\"}")
                .post("/api/incidents").then().statusCode(201).extract().path("id");
        responder(org).body("{\"title\":\"Maybe\",\"severity\":\"SEV1\",\"draft\":true}").post("/api/incidents")
                .then().statusCode(201);
        clock.advance(Duration.ofMinutes(10));
        try {
            responder(org).header("If-Match", "\"1\"").body("{\"status\":\"investigating\"}").patch("/api/incidents/" + sev2)
                    .then().statusCode(200);
        } finally {
            clock.reset();
        }
        Map<String, Object> row = TestDatabase.rows("SELECT declared_at, acknowledged_at FROM incident.incidents WHERE id = ?",
                UUID.fromString(sev2)).get(0);
        Instant declaredAt = ((Timestamp) row.get("declared_at")).toInstant();
        double tta = Duration.between(declaredAt, ((Timestamp) row.get("acknowledged_at")).toInstant()).toNanos() / 1e9;
        double ttd = Duration.between(impact.truncatedTo(ChronoUnit.MICROS), declaredAt).toNanos() / 1e9;

        JsonPath all = analytics(org, Map.of());
        assertThat(all.getLong("total")).isEqualTo(2);
        assertThat(all.getDouble("mttd.meanSeconds")).isCloseTo(ttd, within(1e-3));
        assertThat(all.getDouble("mtta.meanSeconds")).isCloseTo(tta, within(1e-3));
        // The SEV2 was acknowledged 10 minutes in (within 30); the SEV4 is unacknowledged but inside its target
        assertThat(all.getLong("acknowledgedWithinTarget.counted")).isEqualTo(1);
        assertThat(all.getLong("acknowledgedWithinTarget.withinTarget")).isEqualTo(1);
        assertThat(all.getLong("acknowledgedWithinTarget.notCounted")).isEqualTo(1);
        assertThat(all.getList("mtta.missing.incidentIds")).containsExactly(sev4);

        JsonPath production = analytics(org, Map.of("environment", "production"));
        assertThat(production.getLong("total")).isEqualTo(1);
        assertThat(production.getList("topServices.service")).containsExactly("checkout-api");
    }

    @Test
    void badParametersAreProblemsAndOtherOrganisationsSeeNothing() {
        String org = Api.newOrg();
        importJune(org);
        Api.as(org, "viewer").queryParam("bucket", "year").get("/api/analytics/incidents").then().statusCode(400)
                .body("errors[0].field", equalTo("bucket"));
        Api.as(org, "viewer").queryParam("from", "yesterday").get("/api/analytics/incidents").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
        Api.as(org, "viewer").queryParam("from", TO).queryParam("to", FROM).get("/api/analytics/incidents").then()
                .statusCode(400);
        Api.as(org, "viewer").queryParam("from", "2015-01-01T00:00:00Z").queryParam("to", TO).get("/api/analytics/incidents")
                .then().statusCode(400);
        Api.as(org, "viewer").queryParam("severity", "SEV9").get("/api/analytics/incidents").then().statusCode(400)
                .body("errors[0].field", equalTo("severity"));
        Api.as(org, "viewer").queryParam("team", "not-a-uuid").get("/api/analytics/incidents").then().statusCode(400)
                .body("errors[0].field", equalTo("team"));
        Api.as(org, "viewer").queryParam("team", UUID.randomUUID().toString()).get("/api/analytics/incidents").then()
                .statusCode(400).body("errors[0].field", equalTo("team"));
        io.restassured.RestAssured.given().get("/api/analytics/incidents").then().statusCode(401);

        assertThat(analytics(Api.newOrg(), Map.of("from", FROM, "to", TO)).getLong("total")).isZero();
    }

    private static void assertMetric(JsonPath a, String metric, long measured, double mean, double p50, double p90) {
        assertThat(a.getLong(metric + ".measured")).as(metric + " measured").isEqualTo(measured);
        assertThat(a.getDouble(metric + ".meanSeconds")).as(metric + " mean").isCloseTo(mean, within(1e-6));
        assertThat(a.getDouble(metric + ".p50Seconds")).as(metric + " p50").isCloseTo(p50, within(1e-6));
        assertThat(a.getDouble(metric + ".p90Seconds")).as(metric + " p90").isCloseTo(p90, within(1e-6));
    }

    static JsonPath analytics(String org, Map<String, String> params) {
        return Api.as(org, "viewer").queryParams(params).get("/api/analytics/incidents").then().statusCode(200)
                .extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    /**
     * The June 2025 fixture (the 20th and 27th are Fridays). Returns the incident ids by name;
     * the values in the comments are the seconds each metric measures.
     */
    static Map<String, String> importJune(String org) {
        List<JsonObject> commands = new ArrayList<>();
        // I1 SEV1: ttd 600, tta 600 (in time), ttr 7200
        commands.add(incident(org, "I1", "SEV1", "resolved", List.of("checkout-api", "payments"),
                "2025-06-03T09:50:00Z", "2025-06-03T10:00:00Z", "2025-06-03T10:10:00Z", "2025-06-03T12:00:00Z"));
        // I2 SEV2: ttd 1200, tta 2700 (late), ttr 7200
        commands.add(incident(org, "I2", "SEV2", "resolved", List.of("checkout-api"),
                "2025-06-04T07:40:00Z", "2025-06-04T08:00:00Z", "2025-06-04T08:45:00Z", "2025-06-04T10:00:00Z"));
        // I3 SEV2: no impact start, tta 300 (in time), ttr 3600
        commands.add(incident(org, "I3", "SEV2", "resolved", List.of("payments"),
                null, "2025-06-10T12:00:00Z", "2025-06-10T12:05:00Z", "2025-06-10T13:00:00Z"));
        // I4 SEV3: ttd 3600, tta 5400 (in time), ttr 86400
        commands.add(incident(org, "I4", "SEV3", "resolved", List.of("search"),
                "2025-06-17T08:00:00Z", "2025-06-17T09:00:00Z", "2025-06-17T10:30:00Z", "2025-06-18T09:00:00Z"));
        // I5 SEV4 Friday: ttd 7200, tta 277200 (Monday 20:00, in time), still investigating
        commands.add(incident(org, "I5", "SEV4", "investigating", List.of("checkout-api"),
                "2025-06-20T13:00:00Z", "2025-06-20T15:00:00Z", "2025-06-23T20:00:00Z", null));
        // I6 SEV4 Friday: no impact start, tta 289800 (Tuesday 00:30, late), ttr 374400
        commands.add(incident(org, "I6", "SEV4", "resolved", List.of(),
                null, "2025-06-20T16:00:00Z", "2025-06-24T00:30:00Z", "2025-06-25T00:00:00Z"));
        // I7 SEV1: ttd 30, never acknowledged and still declared: missed its target
        commands.add(incident(org, "I7", "SEV1", "declared", List.of("payments"),
                "2025-06-24T09:59:30Z", "2025-06-24T10:00:00Z", null, null));
        // I8 SEV3: no impact start, resolved (ttr 7200) without an acknowledgement time: not counted for the target
        commands.add(incident(org, "I8", "SEV3", "resolved", List.of("search", "payments"),
                null, "2025-06-25T10:00:00Z", null, "2025-06-25T12:00:00Z"));
        // Not counted: dismissed, declared at the window's end (exclusive) and just before its start
        commands.add(incident(org, "dismissed", "SEV1", "dismissed", List.of("payments"),
                null, "2025-06-05T10:00:00Z", null, null));
        commands.add(incident(org, "at-end", "SEV2", "resolved", List.of("payments"),
                null, TO, TO, "2025-06-30T01:00:00Z"));
        commands.add(incident(org, "before", "SEV2", "resolved", List.of("payments"),
                null, "2025-06-01T23:59:59Z", null, "2025-06-02T01:00:00Z"));
        // Another organisation's incident in the same window
        commands.add(incident(Api.newOrg(), "elsewhere", "SEV1", "resolved", List.of("payments"),
                null, "2025-06-03T10:00:00Z", null, "2025-06-03T11:00:00Z"));
        Imports.sendAll(commands);
        responder(org).body("{\"title\":\"A draft\",\"severity\":\"SEV1\",\"draft\":true}").post("/api/incidents")
                .then().statusCode(201);

        Map<String, String> ids = new java.util.HashMap<>();
        TestDatabase.rows("SELECT id, source_external_id FROM incident.incidents WHERE org_id = ? AND source_kind = 'incident_io'",
                org).forEach(row -> ids.put(row.get("source_external_id").toString().substring(org.length() + 1),
                        row.get("id").toString()));
        assertThat(ids).hasSize(11);
        return ids;
    }

    private static JsonObject incident(String org, String name, String severity, String status, List<String> services,
            String impactStartedAt, String declaredAt, String acknowledgedAt, String resolvedAt) {
        Map<String, Object> fields = new java.util.HashMap<>();
        fields.put("severity", severity);
        fields.put("status", status);
        fields.put("services", services);
        fields.put("impactStartedAt", impactStartedAt);
        fields.put("declaredAt", declaredAt);
        fields.put("acknowledgedAt", acknowledgedAt);
        fields.put("resolvedAt", resolvedAt);
        return Imports.command(org, org + "-" + name, fields);
    }
}
