package io.tocsin.autodraft.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.autodraft.support.Api;
import io.tocsin.devstack.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The metric catalogue: defaults, validation, replace semantics, listing, roles and the audit of policy changes. */
@QuarkusTest
class MetricCatalogueTest {

    @Test
    void createReadAndReplaceAMetric() {
        String org = Api.newOrg();
        Api.admin(org).body("{\"slug\":\"checkout-error-rate\",\"title\":\"Checkout error rate\",\"services\":[\"checkout-api\"],"
                + "\"threshold\":\"> 5% over 5 min\"}").post("/api/metrics").then().statusCode(201)
                .header("Location", endsWith("/api/metrics/checkout-error-rate"))
                .body("policy", equalTo("off")).body("dwellSeconds", equalTo(300)).body("severity", equalTo("major"))
                .body("health", equalTo("unknown")).body("lastValue", nullValue()).body("unhealthySince", nullValue());
        Api.admin(org).body("{\"slug\":\"checkout-error-rate\",\"title\":\"Again\"}").post("/api/metrics").then().statusCode(409)
                .body("type", equalTo("/problems/metric-exists"));

        Api.responder(org).body("{\"status\":\"unhealthy\",\"value\":0.2}").post("/api/metrics/checkout-error-rate/health")
                .then().statusCode(200);
        Api.admin(org).body("{\"title\":\"Checkout errors\",\"services\":[\"checkout-api\",\"payments\"],\"policy\":\"dwell\","
                + "\"dwellSeconds\":600,\"severity\":\"critical\"}").put("/api/metrics/checkout-error-rate").then().statusCode(200)
                .body("title", equalTo("Checkout errors")).body("policy", equalTo("dwell")).body("dwellSeconds", equalTo(600))
                .body("severity", equalTo("critical")).body("threshold", nullValue())
                // Health is the signals' business: a replace keeps it.
                .body("health", equalTo("unhealthy")).body("lastValue", equalTo(0.2f)).body("unhealthySince", notNullValue());
        Api.as(org, "viewer").get("/api/metrics/checkout-error-rate").then().statusCode(200)
                .body("services", equalTo(List.of("checkout-api", "payments")));
        Api.admin(org).body("{\"title\":\"New one\"}").put("/api/metrics/latency").then().statusCode(201)
                .body("policy", equalTo("off"));
        Api.as(org, "viewer").get("/api/metrics/nope").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void policyChangesAreAudited() {
        String org = Api.newOrg();
        Api.admin(org).body("{\"slug\":\"latency\",\"title\":\"Latency\"}").post("/api/metrics").then().statusCode(201);
        Api.admin(org).body("{\"title\":\"Latency p99\"}").put("/api/metrics/latency").then().statusCode(200);
        Api.admin(org).body("{\"title\":\"Latency p99\",\"policy\":\"dwell\",\"dwellSeconds\":120}").put("/api/metrics/latency")
                .then().statusCode(200);
        var audit = Api.as(org, "viewer").get("/api/metrics/latency/audit").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getList("items.kind")).containsExactly("metric.policy_changed", "metric.policy_changed");
        assertThat(audit.getString("items[0].details.from.policy")).isEqualTo("off");
        assertThat(audit.getString("items[0].details.to.policy")).isEqualTo("dwell");
        assertThat(audit.getInt("items[0].details.to.dwellSeconds")).isEqualTo(120);
        assertThat(audit.getString("items[0].details.by")).isEqualTo("u-admin");
        assertThat(audit.getString("items[0].at")).isNotNull();
        assertThat(audit.getMap("items[1].details")).doesNotContainKey("from");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "dwell too short  | {\"slug\":\"m\",\"title\":\"t\",\"policy\":\"dwell\",\"dwellSeconds\":59}   | dwellSeconds",
            "dwell too long   | {\"slug\":\"m\",\"title\":\"t\",\"policy\":\"dwell\",\"dwellSeconds\":3601} | dwellSeconds",
            "unknown policy   | {\"slug\":\"m\",\"title\":\"t\",\"policy\":\"always\"}                       | policy",
            "unknown severity | {\"slug\":\"m\",\"title\":\"t\",\"severity\":\"SEV1\"}                       | severity",
            "bad slug         | {\"slug\":\"Checkout Errors\",\"title\":\"t\"}                              | slug",
            "no title         | {\"slug\":\"m\"}                                                             | title",
            "bad service      | {\"slug\":\"m\",\"title\":\"t\",\"services\":[\"Not A Slug\"]}               | services[0]",
            "read-only health | {\"slug\":\"m\",\"title\":\"t\",\"health\":\"healthy\"}                      | health",
            "malformed JSON   | {\"slug\":                                                                   | body"})
    void badMetricsAre400NamingTheFieldAndChangeNothing(String name, String body, String field) {
        String org = Api.newOrg();
        Api.admin(org).body(body).post("/api/metrics").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("/problems/validation")).body("errors.field", hasItem(field));
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.metrics WHERE org_id = ?", org)).isZero();
    }

    @Test
    void outOfRangeDwellOnReplaceChangesNothing() {
        String org = Api.newOrg();
        Api.admin(org).body("{\"title\":\"Latency\",\"policy\":\"dwell\",\"dwellSeconds\":300}").put("/api/metrics/latency").then()
                .statusCode(201);
        Api.admin(org).body("{\"title\":\"Latency\",\"policy\":\"dwell\",\"dwellSeconds\":30}").put("/api/metrics/latency").then()
                .statusCode(400).body("errors[0].field", equalTo("dwellSeconds"))
                .body("errors[0].message", equalTo("must be between 60 and 3600"));
        Api.as(org, "viewer").get("/api/metrics/latency").then().body("dwellSeconds", equalTo(300));
    }

    @Test
    void listingIsPagedInSlugOrderAndFiltered() {
        String org = Api.newOrg();
        List<String> slugs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            slugs.add("metric-" + i);
            Api.admin(org).body("{\"title\":\"Metric " + i + "\",\"services\":[\"" + (i % 2 == 0 ? "even" : "odd") + "\"],"
                    + "\"policy\":\"" + (i < 3 ? "immediate" : "off") + "\"}").put("/api/metrics/metric-" + i).then().statusCode(201);
        }
        Api.responder(org).body("{\"status\":\"unhealthy\"}").post("/api/metrics/metric-4/health").then().statusCode(200);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var page = Api.as(org, "viewer").queryParam("limit", 3).queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/metrics").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.slug"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seen).isEqualTo(slugs);

        Api.as(org, "viewer").queryParam("policy", "immediate").get("/api/metrics").then()
                .body("items.slug", equalTo(List.of("metric-0", "metric-1", "metric-2")));
        Api.as(org, "viewer").queryParam("health", "unhealthy").get("/api/metrics").then()
                .body("items.slug", equalTo(List.of("metric-4")));
        Api.as(org, "viewer").queryParam("service", "odd").get("/api/metrics").then()
                .body("items.slug", equalTo(List.of("metric-1", "metric-3", "metric-5")));
        Api.as(org, "viewer").queryParam("limit", "abc").get("/api/metrics").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        Api.as(org, "viewer").queryParam("health", "sick").get("/api/metrics").then().statusCode(400)
                .body("errors[0].field", equalTo("health"));
        Api.as(org, "viewer").queryParam("cursor", "garbage").get("/api/metrics").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void theAuditLogIsPagedNewestFirst() {
        String org = Api.newOrg();
        for (int i = 0; i < 5; i++) {
            Api.admin(org).body("{\"title\":\"Latency\",\"policy\":\"dwell\",\"dwellSeconds\":" + (100 + i) + "}")
                    .put("/api/metrics/latency").then().statusCode(i == 0 ? 201 : 200);
        }
        List<Integer> dwells = new ArrayList<>();
        String cursor = null;
        do {
            var page = Api.as(org, "viewer").queryParam("limit", 2).queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/metrics/latency/audit").then().statusCode(200).extract().jsonPath();
            dwells.addAll(page.getList("items.details.to.dwellSeconds", Integer.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(dwells).containsExactly(104, 103, 102, 101, 100);
    }

    @Test
    void onlyAdminsConfigureAndEveryMemberReads() {
        String org = Api.newOrg();
        String body = "{\"slug\":\"latency\",\"title\":\"Latency\"}";
        Api.as(org, "responder").body(body).post("/api/metrics").then().statusCode(403).contentType("application/problem+json");
        Api.as(org, "responder").body("{\"title\":\"Latency\"}").put("/api/metrics/latency").then().statusCode(403);
        Api.as(org, "owner").body(body).post("/api/metrics").then().statusCode(201);
        Api.as(org, "viewer").get("/api/metrics/latency").then().statusCode(200);
        Api.as(org, "viewer").get("/api/metrics/latency/audit").then().statusCode(200);
        io.restassured.RestAssured.given().get("/api/metrics").then().statusCode(401);
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.metrics WHERE org_id = ?", org)).isEqualTo(1);
    }
}
