package io.tocsin.incident.drafts;

import static io.tocsin.incident.support.Api.declare;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.contracts.commands.DraftIncident;
import io.tocsin.devstack.testing.TestBroker.Event;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.incident.support.Api;
import io.tocsin.incident.support.Events;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §4.1: a draft request appends to an open incident on the service, or creates one draft. */
@QuarkusTest
class DraftCommandTest {

    private static final Instant SINCE = Instant.parse("2026-03-15T14:32:00Z");

    @Inject
    DraftService drafts;

    @Inject
    Pool pool;

    @BeforeAll
    static void listen() {
        Events.listen();
    }

    @Test
    void aRequestCreatesADraftWithSignedLinks() {
        String org = Api.newOrg();
        String commandId = send(org, "checkout-error-rate", "Checkout error rate", List.of("checkout-api", "payments"), "SEV2");
        await().atMost(Duration.ofSeconds(15)).until(() -> !Events.of(org).isEmpty());

        Map<String, Object> row = TestDatabase.rows("SELECT * FROM incident.incidents WHERE org_id = ?", org).get(0);
        assertThat(row).containsEntry("status", "draft").containsEntry("severity", "SEV2").containsEntry("auto_drafted", true)
                .containsEntry("title", "Investigating elevated errors on Checkout error rate")
                .containsEntry("source_kind", "autodraft").containsEntry("source_external_id", "checkout-error-rate");
        assertThat(row.get("impact_started_at").toString()).startsWith("2026-03-15");
        String id = row.get("id").toString();
        List<Map<String, Object>> timeline = TestDatabase.rows(
                "SELECT kind, message FROM incident.timeline_entries WHERE incident_id = ? ORDER BY position", UUID.fromString(id));
        assertThat(timeline).hasSize(1);
        assertThat(timeline.get(0).get("kind")).isEqualTo("drafted");
        assertThat(timeline.get(0).get("message").toString()).contains("Checkout error rate").contains("0.12")
                .contains("> 5%").contains("2026-03-15T14:32:00Z");

        Event event = Events.of(org, id).get(0);
        assertThat(event.shortType()).isEqualTo("incident.auto_drafted");
        JsonObject change = event.data().getJsonObject("change");
        assertThat(change.getString("metric")).isEqualTo("checkout-error-rate");
        assertThat(change.getString("publishUrl")).startsWith("http://tocsin.test/api/incidents/auto-action?token=");
        assertThat(change.getString("dismissUrl")).startsWith("http://tocsin.test/api/incidents/auto-action?token=");
        assertThat(verify(change.getString("publishUrl"))).isEqualTo(ActionToken.Action.PUBLISH);
        assertThat(verify(change.getString("dismissUrl"))).isEqualTo(ActionToken.Action.DISMISS);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.inbox WHERE message_id = ?", commandId)).isEqualTo(1);
    }

    @Test
    void aRequestForAServiceWithAnOpenIncidentIsAppended() {
        String org = Api.newOrg();
        String open = declare(org, "Payments down", "SEV1", "payments");
        send(org, "payment-latency", "Payment latency", List.of("payments"), "SEV3");
        await().atMost(Duration.ofSeconds(15)).until(() -> Events.of(org, open).size() >= 2);

        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ?", org)).isEqualTo(1);
        assertThat(Events.of(org, open).get(1).shortType()).isEqualTo("incident.signal_appended");
        assertThat(TestDatabase.rows("SELECT message FROM incident.timeline_entries WHERE incident_id = ? AND kind = 'signal_appended'",
                UUID.fromString(open)).get(0).get("message")).isEqualTo("Metric Payment latency is now unhealthy (auto-detected).");
    }

    @Test
    void aResolvedIncidentDoesNotAbsorbANewRequest() {
        String org = Api.newOrg();
        String old = declare(org, "Old payments incident", "SEV2", "payments");
        Api.responder(org).header("If-Match", "\"1\"").body("{\"status\":\"resolved\",\"resolutionSummary\":\"fixed\"}")
                .patch("/api/incidents/" + old).then().statusCode(200);
        send(org, "payment-latency", "Payment latency", List.of("payments"), "SEV3");
        await().atMost(Duration.ofSeconds(15)).until(() ->
                TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ? AND status = 'draft'", org) == 1);
    }

    @Test
    void concurrentRequestsForOneServiceCreateOneDraft() {
        String org = Api.newOrg();
        List<Uni<io.tocsin.incident.lifecycle.Incident>> requests = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            DraftIncident request = request(org, "error-rate-" + i, "Error rate " + i, List.of("search"), "SEV2");
            requests.add(pool.withTransaction(tx -> drafts.request(tx, request)));
        }
        Uni.join().all(requests).andFailFast().await().atMost(Duration.ofSeconds(30));

        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ?", org)).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.timeline_entries WHERE org_id = ? AND kind = 'signal_appended'", org))
                .isEqualTo(9);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.outbox WHERE org_id = ? AND type = 'io.tocsin.incident.auto_drafted'", org))
                .isEqualTo(1);
    }

    @Test
    void requestsWithoutServicesDedupOnTheMetric() {
        String org = Api.newOrg();
        pool.withTransaction(tx -> drafts.request(tx, request(org, "queue-depth", null, List.of(), "SEV3"))).await().indefinitely();
        pool.withTransaction(tx -> drafts.request(tx, request(org, "queue-depth", null, List.of(), "SEV3"))).await().indefinitely();
        pool.withTransaction(tx -> drafts.request(tx, request(org, "disk-full", null, List.of(), "SEV3"))).await().indefinitely();
        assertThat(TestDatabase.rows("SELECT title FROM incident.incidents WHERE org_id = ? ORDER BY created_at", org))
                .extracting(r -> r.get("title")).containsExactly("Investigating elevated errors on queue-depth",
                        "Investigating elevated errors on disk-full");
    }

    @Test
    void aRedeliveredRequestHasNoSecondEffectAndBadOnesAreDeadLettered() {
        String org = Api.newOrg();
        DraftIncident request = request(org, "latency", "Latency", List.of("api"), "SEV2");
        String data = new JsonObject().put("commandId", request.commandId()).put("org", org).put("origin", "autodraft")
                .put("metric", "latency").put("services", List.of("api")).put("severity", "SEV2")
                .put("unhealthySince", SINCE.toString()).put("observedAt", SINCE.toString()).encode();
        Events.sendCommand(request.commandId(), CommandType.DRAFT_INCIDENT.cloudEventType(), org, data);
        Events.sendCommand(request.commandId(), CommandType.DRAFT_INCIDENT.cloudEventType(), org, data);
        String noMetric = UUID.randomUUID().toString();
        Events.sendCommand(noMetric, CommandType.DRAFT_INCIDENT.cloudEventType(), org,
                "{\"commandId\":\"" + noMetric + "\",\"org\":\"" + org + "\",\"severity\":\"SEV2\"}");
        String badSeverity = UUID.randomUUID().toString();
        Events.sendCommand(badSeverity, CommandType.DRAFT_INCIDENT.cloudEventType(), org,
                data.replace(request.commandId(), badSeverity).replace("SEV2", "SEV7"));

        await().atMost(Duration.ofSeconds(15)).until(() -> !Events.deadLetters(noMetric).isEmpty()
                && !Events.deadLetters(badSeverity).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                TestDatabase.count("SELECT count(*) FROM incident.inbox WHERE message_id = ?", request.commandId()) == 1);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ?", org)).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.timeline_entries WHERE org_id = ?", org)).isEqualTo(1);
    }

    @Test
    void anUndecidedDraftExpiresAndADecidedOneIsLeftAlone() {
        String org = Api.newOrg();
        send(org, "cpu", "CPU", List.of("batch"), "SEV3");
        await().atMost(Duration.ofSeconds(15)).until(() -> Events.of(org).size() == 1);
        String draft = Events.of(org).get(0).subject();
        expire(org, draft);
        await().atMost(Duration.ofSeconds(15)).until(() -> Events.of(org, draft).size() == 2);
        Event dismissed = Events.of(org, draft).get(1);
        assertThat(dismissed.shortType()).isEqualTo("incident.auto_dismissed");
        assertThat(dismissed.data().getJsonObject("change").getString("reason")).isEqualTo("auto_expired");
        assertThat(dismissed.data().getJsonObject("change").getString("metric")).isEqualTo("cpu");
        assertThat(TestDatabase.rows("SELECT status FROM incident.incidents WHERE id = ?", UUID.fromString(draft)).get(0))
                .containsEntry("status", "dismissed");

        String published = declare(org, "Not a draft", "SEV2", "other");
        String command = expire(org, published);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                TestDatabase.count("SELECT count(*) FROM incident.inbox WHERE message_id = ?", command) == 1);
        assertThat(TestDatabase.rows("SELECT status, version FROM incident.incidents WHERE id = ?", UUID.fromString(published)).get(0))
                .containsEntry("status", "declared").containsEntry("version", 1L);
    }

    private static String expire(String org, String incidentId) {
        String id = UUID.randomUUID().toString();
        Events.sendCommand(id, CommandType.EXPIRE_DRAFT.cloudEventType(), org,
                "{\"commandId\":\"" + id + "\",\"org\":\"" + org + "\",\"origin\":\"autodraft\",\"incidentId\":\"" + incidentId + "\"}");
        return id;
    }

    private static String send(String org, String metric, String title, List<String> services, String severity) {
        DraftIncident request = request(org, metric, title, services, severity);
        JsonObject data = JsonObject.mapFrom(Map.of("commandId", request.commandId(), "org", org, "origin", "autodraft",
                "metric", metric, "metricTitle", title, "services", services, "severity", severity, "value", 0.12,
                "threshold", "> 5% over 5 min", "unhealthySince", SINCE.toString()));
        data.put("observedAt", SINCE.plusSeconds(300).toString());
        Events.sendCommand(request.commandId(), CommandType.DRAFT_INCIDENT.cloudEventType(), org, data.encode());
        return request.commandId();
    }

    private static DraftIncident request(String org, String metric, String title, List<String> services, String severity) {
        return new DraftIncident(UUID.randomUUID().toString(), org, "autodraft", metric, title, services, severity, 0.12,
                "> 5% over 5 min", null, SINCE, SINCE.plusSeconds(300));
    }

    private static ActionToken.Action verify(String url) {
        String token = url.substring(url.indexOf("token=") + 6);
        var verdict = ActionToken.verify(token, List.of("test-current-secret"), Instant.now());
        assertThat(verdict).isInstanceOf(ActionToken.Valid.class);
        return ((ActionToken.Valid) verdict).action();
    }
}
