package io.tocsin.incident.events;

import static io.tocsin.incident.support.Api.responder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.contracts.Addresses;
import io.tocsin.devstack.testing.TestBroker;
import io.tocsin.devstack.testing.TestBroker.Event;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.incident.support.Api;
import io.tocsin.incident.support.Events;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2: a trace goes on through the broker. The events a request or a consumed command causes carry its trace
 * (W3C {@code traceparent}, as the CloudEvents attribute {@code cloudEvents_traceparent}), with this service's own
 * span as their parent, even though the outbox relay sends them later.
 */
@QuarkusTest
class TracePropagationTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CREATE = "{\"title\":\"Checkout errors\",\"severity\":\"SEV3\",\"services\":[\"checkout-api\"]}";

    @BeforeAll
    static void listen() {
        Events.listen();
    }

    @Test
    void theEventsOfARequestCarryItsTrace() {
        String org = Api.newOrg();
        String trace = hex(16);
        String callerSpan = hex(8);
        String id = responder(org).header("traceparent", "00-" + trace + "-" + callerSpan + "-00").body(CREATE)
                .post("/api/incidents").then().statusCode(201).extract().path("id");

        String carried = traceparentOf(firstEvent(org, id));
        assertThat(carried).matches("00-" + trace + "-[0-9a-f]{16}-00");
        assertThat(spanId(carried)).isNotEqualTo(callerSpan).isNotEqualTo("0000000000000000");
        assertThat(TestDatabase.rows("SELECT traceparent FROM incident.outbox WHERE aggregate_id = ?", id))
                .extracting(row -> row.get("traceparent")).containsOnly(carried);
    }

    @Test
    void aRequestWithoutATraceStartsOneOfItsOwn() {
        String org = Api.newOrg();
        String first = responder(org).body(CREATE).post("/api/incidents").then().statusCode(201).extract().path("id");
        String second = responder(org).body(CREATE).post("/api/incidents").then().statusCode(201).extract().path("id");

        String firstTrace = traceparentOf(firstEvent(org, first));
        String secondTrace = traceparentOf(firstEvent(org, second));
        assertThat(firstTrace).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]").doesNotContain("00000000000000000000000000000000");
        assertThat(traceId(secondTrace)).isNotEqualTo(traceId(firstTrace));
    }

    @Test
    void theEventsOfAConsumedCommandCarryItsTrace() {
        String org = Api.newOrg();
        String trace = hex(16);
        String senderSpan = hex(8);
        sendDraftCommand(org, "00-" + trace + "-" + senderSpan + "-00");

        await().atMost(Duration.ofSeconds(15)).until(() -> !Events.of(org).isEmpty());
        Event drafted = Events.of(org).get(0);
        assertThat(drafted.shortType()).isEqualTo("incident.auto_drafted");
        String carried = traceparentOf(drafted);
        assertThat(carried).matches("00-" + trace + "-[0-9a-f]{16}-00");
        assertThat(spanId(carried)).isNotEqualTo(senderSpan);
    }

    @Test
    void aMalformedTraceContextOnACommandIsIgnored() {
        String org = Api.newOrg();
        sendDraftCommand(org, "not-a-trace");

        await().atMost(Duration.ofSeconds(15)).until(() -> !Events.of(org).isEmpty());
        assertThat(traceparentOf(Events.of(org).get(0))).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    /** A {@code draft_incident} command, as autodraft sends it, with {@code traceparent} as its trace context. */
    private static void sendDraftCommand(String org, String traceparent) {
        String commandId = UUID.randomUUID().toString();
        JsonObject data = new JsonObject().put("commandId", commandId).put("org", org).put("origin", "autodraft")
                .put("metric", "checkout-error-rate").put("metricTitle", "Checkout error rate")
                .put("services", List.of("checkout-api")).put("severity", "SEV2").put("value", 0.12)
                .put("threshold", "> 5%").put("unhealthySince", "2026-03-15T14:32:00Z")
                .put("observedAt", "2026-03-15T14:37:00Z");
        TestBroker.sendCloudEvent(Addresses.INCIDENT_COMMANDS, commandId, CommandType.DRAFT_INCIDENT.cloudEventType(), org,
                data.encode(), Map.of("cloudEvents_traceparent", traceparent));
    }

    private static Event firstEvent(String org, String incidentId) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !Events.of(org, incidentId).isEmpty());
        return Events.of(org, incidentId).get(0);
    }

    private static String traceparentOf(Event event) {
        List<AmqpMessage> messages = TestBroker.withId(Events.QUEUE, event.id());
        assertThat(messages).isNotEmpty();
        return messages.get(0).applicationProperties().getString("cloudEvents_traceparent");
    }

    private static String traceId(String traceparent) {
        return traceparent.split("-")[1];
    }

    private static String spanId(String traceparent) {
        return traceparent.split("-")[2];
    }

    private static String hex(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
