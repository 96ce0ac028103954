package io.tocsin.incident.lifecycle;

import static io.tocsin.incident.support.Api.responder;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.tocsin.incident.support.Api;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.incident.support.TestClock;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ListIncidentsTest {

    @Inject
    TestClock clock;

    /**
     * The service and title-word filters use GIN indexes. V7 turns their pending list off: an insert that found
     * the list full had to merge all of it, and stalled for hundreds of milliseconds on a large table.
     */
    @Test
    void newIncidentsGoStraightIntoTheGinIndexes() throws Exception {
        TestDatabase.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple");
        String org = Api.newOrg();
        for (int i = 0; i < 5; i++) {
            create(org, "Pending list check " + i, "SEV3", "production", "gin-check-" + i);
        }

        for (String index : List.of("incident.incidents_by_service", "incident.incidents_by_title_words",
                "incident.action_items_by_team")) {
            assertThat(TestDatabase.count("SELECT count(*) FROM pg_class WHERE oid = ?::regclass"
                    + " AND 'fastupdate=off' = ANY (reloptions)", index)).as(index).isEqualTo(1);
            assertThat(TestDatabase.count("SELECT pending_tuples FROM pgstatginindex(?::regclass)", index))
                    .as(index).isZero();
        }
        assertThat(titles(org, r -> r.queryParam("service", "gin-check-3"))).containsExactly("Pending list check 3");
        assertThat(titles(org, r -> r.queryParam("q", "check"))).hasSize(5);
    }

    @Test
    void everyFilterNarrowsTheList() {
        String org = Api.newOrg();
        create(org, "Checkout errors in EU", "SEV1", "production", "checkout-api");
        create(org, "Search latency", "SEV3", "staging", "search");
        create(org, "Checkout latency", "SEV2", "production", "checkout-api", "payments");
        String resolved = create(org, "Payments outage", "SEV1", "production", "payments");
        responder(org).header("If-Match", "\"1\"").body("{\"status\":\"resolved\",\"resolutionSummary\":\"ok\"}")
                .patch("/api/incidents/" + resolved).then().statusCode(200);

        assertThat(titles(org, r -> r)).containsExactly("Payments outage", "Checkout latency", "Search latency", "Checkout errors in EU");
        assertThat(titles(org, r -> r.queryParam("severity", "SEV1"))).containsExactly("Payments outage", "Checkout errors in EU");
        assertThat(titles(org, r -> r.queryParam("severity", "SEV1,SEV2"))).hasSize(3);
        assertThat(titles(org, r -> r.queryParam("status", "resolved"))).containsExactly("Payments outage");
        assertThat(titles(org, r -> r.queryParam("status", "declared").queryParam("status", "resolved"))).hasSize(4);
        assertThat(titles(org, r -> r.queryParam("service", "payments"))).containsExactly("Payments outage", "Checkout latency");
        assertThat(titles(org, r -> r.queryParam("environment", "staging"))).containsExactly("Search latency");
        assertThat(titles(org, r -> r.queryParam("q", "checkout"))).containsExactly("Checkout latency", "Checkout errors in EU");
        assertThat(titles(org, r -> r.queryParam("q", "check lat"))).containsExactly("Checkout latency");
        assertThat(titles(org, r -> r.queryParam("q", "checkout").queryParam("severity", "SEV1")
                .queryParam("environment", "production").queryParam("service", "checkout-api"))).containsExactly("Checkout errors in EU");

        Map<String, Object> row = responder(org).queryParam("status", "resolved").get("/api/incidents").then().statusCode(200)
                .extract().jsonPath().getMap("items[0]");
        assertThat(row).containsKeys("id", "reference", "status", "severity", "title", "services", "durationSeconds",
                "commanderId", "lastUpdateAt");
    }

    @Test
    void declaredTimeWindowsUseTheClock() {
        String org = Api.newOrg();
        Instant start = clock.instant();
        create(org, "Old one", "SEV3", null);
        clock.advance(Duration.ofDays(2));
        try {
            create(org, "New one", "SEV3", null);
            Instant middle = start.plus(Duration.ofDays(1));
            assertThat(titles(org, r -> r.queryParam("from", middle.toString()))).containsExactly("New one");
            assertThat(titles(org, r -> r.queryParam("to", middle.toString()))).containsExactly("Old one");
            // Both bounds (a window read through its own index, then sorted): the same answers, newest first.
            assertThat(titles(org, r -> r.queryParam("from", start.minusSeconds(1).toString())
                    .queryParam("to", start.plus(Duration.ofDays(3)).toString()))).containsExactly("New one", "Old one");
            assertThat(titles(org, r -> r.queryParam("from", start.minusSeconds(1).toString()).queryParam("to", middle.toString())))
                    .containsExactly("Old one");
            assertThat(titles(org, r -> r.queryParam("from", start.minus(Duration.ofDays(400)).toString())
                    .queryParam("to", start.plus(Duration.ofDays(3)).toString()))).containsExactly("New one", "Old one");
        } finally {
            clock.reset();
        }
    }

    @Test
    void keysetPagesCoverEveryIncidentOnceNewestFirst() {
        String org = Api.newOrg();
        for (int i = 0; i < 25; i++) {
            create(org, "Incident " + i, "SEV4", null);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = responder(org).queryParam("limit", 10);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/incidents").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.title"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().startsWith("Incident 24").endsWith("Incident 0");
    }

    @Test
    void everyFilterHasAnIndex() {
        List<String> indexes = TestDatabase.rows("SELECT indexdef FROM pg_indexes WHERE schemaname = 'incident' AND tablename = 'incidents'")
                .stream().map(row -> row.get("indexdef").toString()).toList();
        assertThat(indexes).anyMatch(d -> d.contains("(org_id, created_at DESC, id DESC)"))
                .anyMatch(d -> d.contains("(org_id, status, created_at DESC, id DESC)"))
                .anyMatch(d -> d.contains("(org_id, severity, created_at DESC, id DESC)"))
                .anyMatch(d -> d.contains("(org_id, environment, created_at DESC, id DESC)"))
                .anyMatch(d -> d.contains("(org_id, declared_at)"))
                .anyMatch(d -> d.contains("gin (services)"))
                .anyMatch(d -> d.contains("gin (to_tsvector('simple'::regconfig, title))"));
    }

    private static List<String> titles(String org, UnaryOperator<RequestSpecification> filters) {
        return filters.apply(responder(org)).get("/api/incidents").then().statusCode(200).extract().jsonPath().getList("items.title");
    }

    private static String create(String org, String title, String severity, String environment, String... services) {
        StringBuilder body = new StringBuilder("{\"title\":\"" + title + "\",\"severity\":\"" + severity + "\"");
        if (environment != null) {
            body.append(",\"environment\":\"").append(environment).append('"');
        }
        body.append(",\"services\":[").append(String.join(",", java.util.Arrays.stream(services).map(s -> "\"" + s + "\"").toList()))
                .append("]}");
        return responder(org).body(body.toString()).post("/api/incidents").then().statusCode(201).extract().path("id");
    }
}
