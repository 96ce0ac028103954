package io.tocsin.incident.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.devstack.testing.TestBroker.Event;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.incident.support.Api;
import io.tocsin.incident.support.Events;
import io.tocsin.incident.support.Imports;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** import_incident: one incident per incident.io id, created once, then kept up to date; counted in analytics. */
@QuarkusTest
class ImportIncidentTest {

    @BeforeAll
    static void listen() {
        Events.listen();
    }

    @Test
    void theFirstImportCreatesTheIncidentAndLaterOnesUpdateIt() {
        String org = Api.newOrg();
        JsonObject first = Imports.command(org, "01HQ3ZK5X7", Map.of("name", "Card payments declined", "severity", "SEV2",
                "status", "investigating", "services", List.of("Payments API", "checkout-api", "checkout-api"),
                "customFields", new JsonObject().put("Affected Teams", List.of("Payments")).putNull("Not set"),
                "impactStartedAt", "2026-03-15T09:12:00Z", "declaredAt", "2026-03-15T09:20:31Z",
                "acknowledgedAt", "2026-03-15T09:24:02Z"));
        Imports.sendAll(List.of(first));

        Map<String, Object> row = incident(org);
        String id = row.get("id").toString();
        assertThat(row).containsEntry("source_kind", "incident_io").containsEntry("source_external_id", "01HQ3ZK5X7")
                .containsEntry("title", "Card payments declined").containsEntry("severity", "SEV2")
                .containsEntry("status", "investigating").containsEntry("version", 1L).containsEntry("commander_id", null);
        assertThat(row.get("services").toString()).isEqualTo("{payments-api,checkout-api}");
        assertThat(row.get("custom_fields").toString()).contains("Affected Teams").doesNotContain("Not set");
        assertThat(row.get("declared_at").toString()).startsWith("2026-03-15 09:20:31");
        assertThat(row.get("resolved_at")).isNull();
        assertThat(TestDatabase.rows("SELECT kind, message FROM incident.timeline_entries WHERE incident_id = ?", UUID.fromString(id)))
                .containsExactly(Map.of("kind", "imported",
                        "message", "Imported from incident.io ([01HQ3ZK5X7](https://app.incident.io/acme/incidents/01HQ3ZK5X7))."));

        // Resolved there since: same incident, new timestamps, no second incident.created
        JsonObject resolved = first.copy().put("commandId", UUID.randomUUID().toString()).put("status", "resolved")
                .put("resolvedAt", "2026-03-15T11:05:47Z").put("acknowledgedAt", "2026-03-15T09:23:00Z");
        Imports.sendAll(List.of(resolved));
        row = incident(org);
        assertThat(row).containsEntry("id", UUID.fromString(id)).containsEntry("status", "resolved").containsEntry("version", 2L);
        assertThat(row.get("resolved_at").toString()).startsWith("2026-03-15 11:05:47");
        assertThat(row.get("acknowledged_at").toString()).startsWith("2026-03-15 09:23:00");
        assertThat(lastEntry(id)).containsEntry("kind", "import_updated")
                .containsEntry("message", "Updated from incident.io: status investigating → resolved, acknowledgedAt, resolvedAt.");

        // The same data again changes nothing
        Imports.sendAll(List.of(resolved.copy().put("commandId", UUID.randomUUID().toString())));
        assertThat(incident(org)).containsEntry("version", 2L);

        assertThat(outboxTypes(id)).containsExactly("io.tocsin.incident.created", "io.tocsin.incident.status_changed",
                "io.tocsin.incident.updated");
        await().atMost(Duration.ofSeconds(15)).until(() -> Events.of(org, id).size() >= 3);
        List<Event> events = Events.of(org, id);
        assertThat(events).extracting(Event::shortType).containsExactly("incident.created", "incident.status_changed",
                "incident.updated");
        assertThat(events).allSatisfy(e -> assertThat(e.data().getJsonObject("change").getString("origin")).isEqualTo("incident_io"));
        assertThat(events.get(0).data().getJsonObject("incident").getJsonObject("source").getString("kind")).isEqualTo("incident_io");
        assertThat(events.get(2).data().getJsonObject("change").getJsonArray("fields").getList())
                .containsExactly("acknowledgedAt", "resolvedAt");
        // imported incidents were reviewed where they were run: no postmortem here
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.postmortems WHERE incident_id = ?", UUID.fromString(id))).isZero();
    }

    @Test
    void importedIncidentsCountInAnalytics() {
        String org = Api.newOrg();
        Imports.sendAll(List.of(Imports.command(org, "inc-1", Map.of("severity", "SEV1", "status", "resolved",
                "services", List.of("payments"), "impactStartedAt", "2026-01-05T09:00:00Z", "declaredAt", "2026-01-05T09:05:00Z",
                "acknowledgedAt", "2026-01-05T09:10:00Z", "resolvedAt", "2026-01-05T10:05:00Z"))));
        String updated = Imports.send(Imports.command(org, "inc-1", Map.of("severity", "SEV1", "status", "resolved",
                "services", List.of("payments"), "impactStartedAt", "2026-01-05T09:00:00Z", "declaredAt", "2026-01-05T09:05:00Z",
                "acknowledgedAt", "2026-01-05T09:10:00Z", "resolvedAt", "2026-01-05T11:05:00Z")));
        Imports.awaitProcessed(updated);

        var analytics = Api.as(org, "viewer").queryParam("from", "2026-01-01T00:00:00Z").queryParam("to", "2026-02-01T00:00:00Z")
                .get("/api/analytics/incidents").then().statusCode(200).extract().jsonPath();
        assertThat(analytics.getInt("total")).isEqualTo(1);
        assertThat(analytics.getDouble("mttd.meanSeconds")).isEqualTo(300.0f);
        assertThat(analytics.getDouble("mtta.meanSeconds")).isEqualTo(300.0f);
        assertThat(analytics.getDouble("mttr.meanSeconds")).isEqualTo(7200.0f);
        assertThat(analytics.getList("topServices.service")).containsExactly("payments");
    }

    @Test
    void commandsThatCanNeverBeStoredAreDeadLettered() {
        String org = Api.newOrg();
        List<JsonObject> bad = List.of(
                Imports.command(org, "bad-severity", Map.of("severity", "P1", "declaredAt", "2026-01-05T09:05:00Z")),
                Imports.command(org, "no-declared-at", Map.of()),
                Imports.command(org, "draft", Map.of("status", "draft", "declaredAt", "2026-01-05T09:05:00Z")),
                Imports.command(org, "bad-field", Map.of("declaredAt", "2026-01-05T09:05:00Z",
                        "customFields", Map.of("Nested", Map.of("a", 1)))),
                Imports.command(org, "", Map.of("declaredAt", "2026-01-05T09:05:00Z")));
        bad.forEach(command -> {
            String id = Imports.send(command);
            await().atMost(Duration.ofSeconds(15)).until(() -> !Events.deadLetters(id).isEmpty());
        });
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ?", org)).isZero();
    }

    private static Map<String, Object> incident(String org) {
        List<Map<String, Object>> rows = TestDatabase.rows("SELECT * FROM incident.incidents WHERE org_id = ?", org);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static Map<String, Object> lastEntry(String id) {
        return TestDatabase.rows("SELECT kind, message FROM incident.timeline_entries WHERE incident_id = ? ORDER BY position DESC LIMIT 1",
                UUID.fromString(id)).get(0);
    }

    private static List<String> outboxTypes(String id) {
        return TestDatabase.rows("SELECT type FROM incident.outbox WHERE aggregate_id = ? ORDER BY id", id).stream()
                .map(r -> r.get("type").toString()).toList();
    }
}
