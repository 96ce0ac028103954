package io.tocsin.incident.external;

import static io.tocsin.incident.support.Api.declare;
import static io.tocsin.incident.support.Api.responder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.devstack.testing.TestBroker.Event;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.incident.support.Api;
import io.tocsin.incident.support.Events;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What responders do in PagerDuty reaches the incident, named on the timeline and marked with its origin. */
@QuarkusTest
class ExternalCommandsTest {

    @BeforeAll
    static void listen() {
        Events.listen();
    }

    @Test
    void anAcknowledgementMovesADeclaredIncidentToInvestigatingNamingTheEngineer() {
        String org = Api.newOrg();
        String id = declare(org, "Checkout down", "SEV1", "checkout");
        Instant ackAt = Instant.now().minusSeconds(5);
        String command = send(CommandType.EXTERNAL_ACKNOWLEDGED, org, id, ackAt, null, List.of());
        awaitProcessed(command);

        Map<String, Object> row = TestDatabase.rows("SELECT status, acknowledged_at FROM incident.incidents WHERE id = ?",
                UUID.fromString(id)).get(0);
        assertThat(row.get("status")).isEqualTo("investigating");
        assertThat(row.get("acknowledged_at")).isNotNull();
        assertThat(lastEntry(id)).containsEntry("kind", "external_acknowledged")
                .containsEntry("message", "Acknowledged in PagerDuty by Alice Oncall <alice@example.com>.");
        await().atMost(Duration.ofSeconds(10)).until(() -> Events.of(org, id).size() >= 2);
        Event event = Events.of(org, id).get(1);
        assertThat(event.shortType()).isEqualTo("incident.status_changed");
        assertThat(event.data().getJsonObject("change").getString("origin")).isEqualTo("pagerduty");
    }

    @Test
    void aResolutionNoteBecomesTheSummaryAndAReopenUndoesIt() {
        String org = Api.newOrg();
        String id = declare(org, "Payments slow", "SEV2", "payments");
        awaitProcessed(send(CommandType.EXTERNAL_RESOLVED, org, id, Instant.now(), "Failed over to the standby DB", List.of()));
        assertThat(TestDatabase.rows("SELECT status, resolution_summary FROM incident.incidents WHERE id = ?", UUID.fromString(id)).get(0))
                .containsEntry("status", "resolved").containsEntry("resolution_summary", "Failed over to the standby DB");

        String again = send(CommandType.EXTERNAL_RESOLVED, org, id, Instant.now(), "again", List.of());
        awaitProcessed(again);
        assertThat(TestDatabase.rows("SELECT resolution_summary FROM incident.incidents WHERE id = ?", UUID.fromString(id)).get(0))
                .containsEntry("resolution_summary", "Failed over to the standby DB");

        awaitProcessed(send(CommandType.EXTERNAL_REOPENED, org, id, Instant.now(), null, List.of()));
        assertThat(TestDatabase.rows("SELECT status, resolved_at FROM incident.incidents WHERE id = ?", UUID.fromString(id)).get(0))
                .containsEntry("status", "investigating").containsEntry("resolved_at", null);
        assertThat(lastEntry(id)).containsEntry("kind", "external_reopened");
    }

    @Test
    void aReassignmentGoesOnTheTimeline() {
        String org = Api.newOrg();
        String id = declare(org, "Search errors", "SEV2", "search");
        awaitProcessed(send(CommandType.EXTERNAL_REASSIGNED, org, id, Instant.now(), null,
                List.of(Map.of("name", "Bob Backup", "email", "bob@example.com"))));
        assertThat(lastEntry(id).get("message").toString()).isEqualTo(
                "Reassigned in PagerDuty to Bob Backup <bob@example.com> by Alice Oncall <alice@example.com>.");
    }

    @Test
    void draftsOtherOrganisationsAndRedeliveriesAreLeftAlone() {
        String org = Api.newOrg();
        String draft = responder(org).body("{\"title\":\"Maybe\",\"severity\":\"SEV3\",\"draft\":true}").post("/api/incidents")
                .then().statusCode(201).extract().path("id");
        awaitProcessed(send(CommandType.EXTERNAL_ACKNOWLEDGED, org, draft, Instant.now(), null, List.of()));
        assertThat(TestDatabase.rows("SELECT status, version FROM incident.incidents WHERE id = ?", UUID.fromString(draft)).get(0))
                .containsEntry("status", "draft").containsEntry("version", 1L);

        String id = declare(org, "Real one", "SEV2");
        awaitProcessed(send(CommandType.EXTERNAL_ACKNOWLEDGED, Api.newOrg(), id, Instant.now(), null, List.of()));
        assertThat(TestDatabase.rows("SELECT status FROM incident.incidents WHERE id = ?", UUID.fromString(id)).get(0))
                .containsEntry("status", "declared");

        String command = UUID.randomUUID().toString();
        String data = data(command, org, id, Instant.now(), null, List.of());
        Events.sendCommand(command, CommandType.EXTERNAL_ACKNOWLEDGED.cloudEventType(), org, data);
        Events.sendCommand(command, CommandType.EXTERNAL_ACKNOWLEDGED.cloudEventType(), org, data);
        awaitProcessed(command);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.timeline_entries WHERE incident_id = ? AND kind = 'external_acknowledged'",
                UUID.fromString(id))).isEqualTo(1);
    }

    private static String send(CommandType type, String org, String incidentId, Instant at, String note, List<Map<String, String>> assignees) {
        String command = UUID.randomUUID().toString();
        Events.sendCommand(command, type.cloudEventType(), org, data(command, org, incidentId, at, note, assignees));
        return command;
    }

    private static String data(String command, String org, String incidentId, Instant at, String note,
            List<Map<String, String>> assignees) {
        return new JsonObject().put("commandId", command).put("org", org).put("origin", "pagerduty").put("incidentId", incidentId)
                .put("externalId", "Q2KJ8HNSZ0V6M8")
                .put("by", new JsonObject().put("id", "PXPGF42").put("name", "Alice Oncall").put("email", "alice@example.com"))
                .put("at", at.toString()).put("note", note).put("assignees", new JsonArray(List.copyOf(assignees))).encode();
    }

    private static void awaitProcessed(String command) {
        await().atMost(Duration.ofSeconds(15)).until(() ->
                TestDatabase.count("SELECT count(*) FROM incident.inbox WHERE message_id = ?", command) == 1);
    }

    private static Map<String, Object> lastEntry(String id) {
        return TestDatabase.rows("SELECT kind, message FROM incident.timeline_entries WHERE incident_id = ? ORDER BY position DESC LIMIT 1",
                UUID.fromString(id)).get(0);
    }
}
