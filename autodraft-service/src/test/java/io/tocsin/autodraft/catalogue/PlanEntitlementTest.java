package io.tocsin.autodraft.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.autodraft.support.Api;
import io.tocsin.devstack.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** With tocsin.autodraft.allowed-plans=pro,enterprise (the test profile), only those plans may turn auto-drafts on. */
@QuarkusTest
class PlanEntitlementTest {

    @Test
    void callersOnOtherPlansGetFeatureLockedAndChangeNothing() {
        String org = Api.newOrg();
        Api.withPlan(org, "admin", "free").body("{\"slug\":\"latency\",\"title\":\"Latency\",\"policy\":\"dwell\"}")
                .post("/api/metrics").then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("/problems/feature-locked/auto-drafts")).body("detail", containsString("auto-drafts"));
        Api.withPlan(org, "admin", null).body("{\"title\":\"Latency\",\"policy\":\"immediate\"}").put("/api/metrics/latency")
                .then().statusCode(403).body("type", equalTo("/problems/feature-locked/auto-drafts"));
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.metrics WHERE org_id = ?", org)).isZero();

        // Policy off is for everyone.
        Api.withPlan(org, "admin", "free").body("{\"slug\":\"latency\",\"title\":\"Latency\"}").post("/api/metrics").then()
                .statusCode(201).body("policy", equalTo("off"));
        Api.withPlan(org, "admin", "starter").body("{\"title\":\"Latency\",\"policy\":\"dwell\"}").put("/api/metrics/latency")
                .then().statusCode(403);
        Api.as(org, "viewer").get("/api/metrics/latency").then().body("policy", equalTo("off"));
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.audit WHERE org_id = ?", org)).isEqualTo(1);

        Api.withPlan(org, "admin", "enterprise").body("{\"title\":\"Latency\",\"policy\":\"dwell\"}").put("/api/metrics/latency")
                .then().statusCode(200).body("policy", equalTo("dwell"));
    }
}
