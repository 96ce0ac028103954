package io.tocsin.notifier.pagerduty;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.contracts.Addresses;
import io.tocsin.devstack.testing.TestBroker;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.notifier.support.Api;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PagerDuty's V3 webhooks: signed by one of the org's secrets, turned into external_* commands, once. */
@QuarkusTest
class PagerDutyWebhookTest {

    /** Secrets of this test's organisation (every test has its own: a secret names its organisation). */
    private String oldSecret;
    private String newSecret;

    @BeforeAll
    static void listen() {
        TestBroker.listen(Addresses.INCIDENT_COMMANDS);
    }

    @Test
    void aWebhookSignedWithTheSecondOfTwoSecretsAcknowledgesTheIncident() {
        String org = orgWithSecrets();
        UUID incident = UUID.randomUUID();
        String body = webhook("01EVENTACK" + incident, "incident.acknowledged", incident, new JsonObject());

        String commandId = post(body, WebhookSignature.sign(newSecret, bytes(body))).then().statusCode(202)
                .body("command", equalTo("external_acknowledged")).extract().path("commandId");

        TestBroker.Event command = awaitCommands(org, 1).get(0);
        assertThat(command.id()).isEqualTo(commandId);
        assertThat(command.type()).isEqualTo("io.tocsin.command.external_acknowledged");
        assertThat(command.subject()).isEqualTo(incident.toString());
        JsonObject data = command.data();
        assertThat(data.getString("commandId")).isEqualTo(commandId);
        assertThat(data.getString("org")).isEqualTo(org);
        assertThat(data.getString("origin")).isEqualTo("pagerduty");
        assertThat(data.getString("incidentId")).isEqualTo(incident.toString());
        assertThat(data.getString("externalId")).isEqualTo("Q2KJ8HNSZ0V6M8");
        assertThat(data.getJsonObject("by")).isEqualTo(new JsonObject().put("id", "PXPGF42").put("name", "Alice Oncall")
                .put("email", "alice@example.com"));
        assertThat(data.getString("at")).isEqualTo("2026-03-15T14:35:10Z");
        assertThat(data.getJsonArray("assignees")).isEmpty();
    }

    @Test
    void resolveReassignAndReopenBecomeTheirCommands() {
        String org = orgWithSecrets();
        UUID incident = UUID.randomUUID();
        String resolved = webhook("01EVRES" + incident, "incident.resolved", incident,
                new JsonObject().put("resolve_reason", "Rolled back v812"));
        String reassigned = webhook("01EVREA" + incident, "incident.reassigned", incident, new JsonObject().put("assignees",
                new JsonArray().add(new JsonObject().put("id", "PBOB").put("summary", "Bob Backup").put("type", "user_reference"))));
        String reopened = webhook("01EVREO" + incident, "incident.reopened", incident, new JsonObject());
        // A header with several signatures (PagerDuty rotating its own secret): one of them verifies.
        for (String body : List.of(resolved, reassigned, reopened)) {
            post(body, "v1=" + "00".repeat(32) + "," + WebhookSignature.sign(oldSecret, bytes(body))).then().statusCode(202);
        }

        List<TestBroker.Event> commands = awaitCommands(org, 3);
        assertThat(commands).extracting(TestBroker.Event::type).containsExactly("io.tocsin.command.external_resolved",
                "io.tocsin.command.external_reassigned", "io.tocsin.command.external_reopened");
        assertThat(commands.get(0).data().getString("note")).isEqualTo("Rolled back v812");
        assertThat(commands.get(1).data().getJsonArray("assignees").getJsonObject(0).getString("name")).isEqualTo("Bob Backup");
        assertThat(commands.get(2).data().getString("incidentId")).isEqualTo(incident.toString());
    }

    @Test
    void tamperedAndUnsignedWebhooksAre401AndDoNothing() {
        String org = orgWithSecrets();
        UUID incident = UUID.randomUUID();
        String body = webhook("01EVTAMPER" + incident, "incident.resolved", incident, new JsonObject());
        String signature = WebhookSignature.sign(newSecret, bytes(body));
        String tampered = body.replace("Alice Oncall", "Mallory");

        post(tampered, signature).then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("/problems/unauthenticated"));
        given().contentType("application/json").body(body).post("/api/v1/pagerduty/webhook").then().statusCode(401);
        post(body, "v1=nothex").then().statusCode(401);
        post(body, WebhookSignature.sign("some-other-secret", bytes(body))).then().statusCode(401);

        assertThat(TestDatabase.count("SELECT count(*) FROM notifier.pagerduty_webhook_events WHERE org_id = ?", org)).isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM notifier.outbox WHERE org_id = ?", org)).isZero();
    }

    @Test
    void replaysUnknownTypesAndForeignIncidentsAre204AndSendNothingMore() {
        String org = orgWithSecrets();
        UUID incident = UUID.randomUUID();
        String body = webhook("01EVREPLAY" + incident, "incident.acknowledged", incident, new JsonObject());
        post(body, WebhookSignature.sign(newSecret, bytes(body))).then().statusCode(202);
        post(body, WebhookSignature.sign(newSecret, bytes(body))).then().statusCode(204);

        String unknown = webhook("01EVPRIO" + incident, "incident.priority_updated", incident, new JsonObject());
        post(unknown, WebhookSignature.sign(newSecret, bytes(unknown))).then().statusCode(204);
        String foreign = webhook("01EVFOREIGN" + incident, "incident.acknowledged", incident, new JsonObject())
                .replace("tocsin-" + incident, "d3640fbd41094207a1c11e58e46b1662");
        post(foreign, WebhookSignature.sign(newSecret, bytes(foreign))).then().statusCode(204);

        awaitCommands(org, 1);
        assertThat(TestDatabase.count("SELECT count(*) FROM notifier.outbox WHERE org_id = ?", org)).isEqualTo(1);
    }

    @Test
    void twoOrganisationsWithTheSameSecretEachGetTheCommand() {
        String first = orgWithSecrets();
        String second = Api.newOrg();
        Api.pagerDuty(second, "{\"webhookSecrets\":[\"" + newSecret + "\"]}");
        UUID incident = UUID.randomUUID();
        String body = webhook("01EVSHARED" + incident, "incident.acknowledged", incident, new JsonObject());
        post(body, WebhookSignature.sign(newSecret, bytes(body))).then().statusCode(202);
        assertThat(awaitCommands(first, 1)).hasSize(1);
        assertThat(awaitCommands(second, 1)).hasSize(1);
    }

    @Test
    void theOrganisationIsTheOneWhoseSecretVerified() {
        String first = orgWithSecrets();
        String second = Api.newOrg();
        String secondSecret = "second-org-secret-" + UUID.randomUUID();
        Api.pagerDuty(second, "{\"webhookSecrets\":[\"" + secondSecret + "\"]}");
        UUID incident = UUID.randomUUID();
        String body = webhook("01EVORG" + incident, "incident.acknowledged", incident, new JsonObject());
        post(body, WebhookSignature.sign(secondSecret, bytes(body))).then().statusCode(202);

        assertThat(awaitCommands(second, 1).get(0).data().getString("org")).isEqualTo(second);
        assertThat(TestBroker.events(Addresses.INCIDENT_COMMANDS, first)).isEmpty();
    }

    private String orgWithSecrets() {
        String org = Api.newOrg();
        oldSecret = "old-secret-" + UUID.randomUUID();
        newSecret = "new-secret-" + UUID.randomUUID();
        Api.pagerDuty(org, "{\"webhookSecrets\":[\"" + oldSecret + "\",\"" + newSecret + "\"]}");
        return org;
    }

    private static io.restassured.response.Response post(String body, String signature) {
        return given().contentType("application/json").header("X-PagerDuty-Signature", signature).body(bytes(body))
                .post("/api/v1/pagerduty/webhook");
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static List<TestBroker.Event> awaitCommands(String org, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> TestBroker.events(Addresses.INCIDENT_COMMANDS, org).size() >= count);
        return TestBroker.events(Addresses.INCIDENT_COMMANDS, org);
    }

    /** A V3 webhook as PagerDuty sends it (fields Tocsin does not read included). */
    static String webhook(String eventId, String type, UUID incident, JsonObject extraData) {
        JsonObject data = new JsonObject().put("id", "Q2KJ8HNSZ0V6M8").put("type", "incident")
                .put("self", "https://api.pagerduty.com/incidents/Q2KJ8HNSZ0V6M8")
                .put("html_url", "https://acme.pagerduty.com/incidents/Q2KJ8HNSZ0V6M8").put("number", 42)
                .put("status", type.substring("incident.".length())).put("incident_key", "tocsin-" + incident)
                .put("created_at", "2026-03-15T14:32:11Z").put("title", "INC-2026-0042: Checkout error rate above 5%")
                .put("service", new JsonObject().put("id", "PSVC1").put("summary", "Payments").put("type", "service_reference"))
                .put("assignees", new JsonArray()).put("urgency", "high");
        extraData.forEach(e -> data.put(e.getKey(), e.getValue()));
        JsonObject event = new JsonObject().put("id", eventId).put("event_type", type).put("resource_type", "incident")
                .put("occurred_at", "2026-03-15T14:35:10Z")
                .put("agent", new JsonObject().put("id", "PXPGF42").put("summary", "Alice Oncall")
                        .put("email", "alice@example.com").put("type", "user_reference"))
                .putNull("client").put("data", data);
        return new JsonObject().put("event", event).encode();
    }
}
