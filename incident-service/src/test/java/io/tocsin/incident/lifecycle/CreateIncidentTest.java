package io.tocsin.incident.lifecycle;

import static io.tocsin.incident.support.Api.responder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tocsin.incident.support.Api;
import io.tocsin.devstack.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CreateIncidentTest {

    private static final String BODY = "{\"title\":\"Login failures\",\"severity\":\"SEV2\",\"services\":[\"auth\"],"
            + "\"environment\":\"production\",\"customFields\":{\"customer_impact\":\"high\",\"regions\":[\"eu\",\"us\"]}}";

    @Test
    void allFieldsAreStoredAndReturned() {
        String org = Api.newOrg();
        String team = Api.as(org, "admin").body("{\"name\":\"Identity\"}").post("/api/teams").then().statusCode(201)
                .extract().path("id");
        String body = "{\"title\":\"Login failures\",\"description\":\"**Users** cannot log in\",\"severity\":\"SEV2\","
                + "\"environment\":\"production\",\"services\":[\"auth\",\"auth\",\"sso\"],\"owners\":[\"" + team + "\"],"
                + "\"commanderId\":\"u-dana\",\"source\":{\"kind\":\"alert\",\"externalId\":\"alert-77\"},"
                + "\"customFields\":{\"customer_impact\":\"high\",\"tickets\":3},"
                + "\"impactStartedAt\":\"2026-01-02T03:04:05Z\",\"detectedAt\":\"2026-01-02T03:10:00Z\"}";
        Response created = responder(org).body(body).post("/api/incidents");
        created.then().statusCode(201)
                .header("Location", endsWith("/api/incidents/" + created.<String>path("id")))
                .body("services", equalTo(List.of("auth", "sso")))
                .body("owners", equalTo(List.of(team)))
                .body("source.kind", equalTo("alert")).body("source.externalId", equalTo("alert-77"))
                .body("customFields.tickets", equalTo(3)).body("description", equalTo("**Users** cannot log in"))
                .body("impactStartedAt", equalTo("2026-01-02T03:04:05Z")).body("commanderId", equalTo("u-dana"));
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ? AND custom_fields->>'customer_impact' = 'high'", org))
                .isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyAndBodyReplaysTheFirstResponse() {
        String org = Api.newOrg();
        Response first = responder(org).header("Idempotency-Key", "key-1").body(BODY).post("/api/incidents");
        first.then().statusCode(201);
        Response second = responder(org).header("Idempotency-Key", "key-1").body(BODY).post("/api/incidents");
        second.then().statusCode(201);
        assertThat(second.asString()).isEqualTo(first.asString());
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ?", org)).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.outbox WHERE org_id = ?", org)).isEqualTo(1);

        responder(org).header("Idempotency-Key", "key-1").body(BODY.replace("SEV2", "SEV1")).post("/api/incidents")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("/problems/idempotency-key-reused"));
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ?", org)).isEqualTo(1);

        responder(org).header("Idempotency-Key", "key-2").body(BODY).post("/api/incidents").then().statusCode(201);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ?", org)).isEqualTo(2);
    }

    @Test
    void theSameRequestWrittenDifferentlyIsStillAReplay() {
        String org = Api.newOrg();
        String first = "{\"title\":\"Same\",\"severity\":\"SEV3\",\"customFields\":{\"a\":1,\"b\":2}}";
        String second = "{\"customFields\":{\"b\":2,\"a\":1},\"severity\":\"SEV3\",\"draft\":false,\"title\":\"Same\"}";
        String id = responder(org).header("Idempotency-Key", "k").body(first).post("/api/incidents").then().statusCode(201)
                .extract().path("id");
        responder(org).header("Idempotency-Key", "k").body(second).post("/api/incidents").then().statusCode(201)
                .body("id", equalTo(id));
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ?", org)).isEqualTo(1);
    }

    @Test
    void keysAreScopedToTheOrganisation() {
        String org = Api.newOrg();
        String other = Api.newOrg();
        responder(org).header("Idempotency-Key", "shared").body(BODY).post("/api/incidents").then().statusCode(201);
        responder(other).header("Idempotency-Key", "shared").body(BODY).post("/api/incidents").then().statusCode(201)
                .body("org", equalTo(other));
    }

    @Test
    void aRepeatedExternalIdReturnsTheExistingIncident() {
        String org = Api.newOrg();
        String body = "{\"title\":\"PD incident\",\"severity\":\"SEV1\",\"source\":{\"kind\":\"pagerduty\",\"externalId\":\"PX123\"}}";
        String id = responder(org).body(body).post("/api/incidents").then().statusCode(201).extract().path("id");
        responder(org).body(body.replace("PD incident", "Same one")).post("/api/incidents").then().statusCode(200)
                .body("id", equalTo(id)).body("title", equalTo("PD incident"));
        responder(org).body(body.replace("pagerduty", "incident_io")).post("/api/incidents").then().statusCode(201);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ?", org)).isEqualTo(2);
    }

    @Test
    void concurrentCreatesGetDistinctReferences() throws Exception {
        String org = Api.newOrg();
        List<String> references = inParallel(20, i -> responder(org)
                .body("{\"title\":\"Storm " + i + "\",\"severity\":\"SEV3\"}").post("/api/incidents")
                .then().statusCode(201).extract().path("reference"));
        assertThat(references).doesNotHaveDuplicates().hasSize(20).allMatch(r -> r.matches("INC-\\d{4}-00\\d\\d"));
        assertThat(TestDatabase.count("SELECT max(last_value) FROM incident.reference_counters WHERE org_id = ?", org)).isEqualTo(20);
    }

    @Test
    void aCreateWaitingToCommitDoesNotHoldUpTheNextOneInItsOrganisation() throws Exception {
        String org = Api.newOrg();
        String first = responder(org).body(BODY).post("/api/incidents").then().statusCode(201).extract().path("id");
        String held = "{\"title\":\"Held\",\"severity\":\"SEV2\",\"source\":{\"kind\":\"alert\",\"externalId\":\"held\"}}";
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (Connection blocker = TestDatabase.connect()) {
            // An uncommitted incident with the same external id: the create below takes its number, then waits for
            // this transaction at its insert, the way a create waits for a slow commit.
            blocker.setAutoCommit(false);
            try (PreparedStatement copy = blocker.prepareStatement("INSERT INTO incident.incidents SELECT * FROM"
                    + " jsonb_populate_record(NULL::incident.incidents, (SELECT to_jsonb(i) || jsonb_build_object('id',"
                    + " gen_random_uuid(), 'reference', 'INC-HELD', 'source_kind', 'alert', 'source_external_id', 'held')"
                    + " FROM incident.incidents i WHERE i.id = ?::uuid))")) {
                copy.setString(1, first);
                copy.executeUpdate();
            }
            Future<Response> waiting = callers.submit(() -> responder(org).body(held).post("/api/incidents"));
            await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.count("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO incident.incidents%'") == 1);

            // Another create in the same organisation goes through meanwhile (it used to wait for the counter row).
            String next = callers.submit(() -> responder(org).body(BODY).post("/api/incidents").then().statusCode(201)
                    .extract().<String>path("reference")).get(10, TimeUnit.SECONDS);
            assertThat(waiting).isNotDone();

            blocker.rollback();
            Response created = waiting.get(10, TimeUnit.SECONDS);
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(List.of(created.path("reference").toString(), next)).doesNotHaveDuplicates()
                    .allMatch(reference -> reference.matches("INC-\\d{4}-000[23]"));
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void concurrentRequestsWithOneKeyCreateOneIncident() throws Exception {
        String org = Api.newOrg();
        List<String> ids = inParallel(8, i -> responder(org).header("Idempotency-Key", "storm-key").body(BODY)
                .post("/api/incidents").then().statusCode(201).extract().path("id"));
        assertThat(ids).containsOnly(ids.get(0));
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ?", org)).isEqualTo(1);
    }

    @Test
    void concurrentCreatesWithOneExternalIdCreateOneIncident() throws Exception {
        String org = Api.newOrg();
        String body = "{\"title\":\"Dup\",\"severity\":\"SEV2\",\"source\":{\"kind\":\"alert\",\"externalId\":\"same\"}}";
        List<String> ids = inParallel(8, i -> responder(org).body(body).post("/api/incidents").then().extract().path("id"));
        assertThat(ids).containsOnly(ids.get(0));
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ?", org)).isEqualTo(1);
    }

    interface Call {
        String run(int i);
    }

    private static List<String> inParallel(int n, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit((Callable<String>) () -> call.run(index)));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
