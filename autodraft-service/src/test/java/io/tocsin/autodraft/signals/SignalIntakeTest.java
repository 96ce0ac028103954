package io.tocsin.autodraft.signals;

import static io.tocsin.autodraft.support.Api.metric;
import static io.tocsin.autodraft.support.Api.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.autodraft.support.Api;
import io.tocsin.autodraft.support.Bus;
import io.tocsin.autodraft.support.TestClock;
import io.tocsin.contracts.Addresses;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.devstack.testing.TestBroker;
import io.tocsin.devstack.testing.TestDatabase;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signals from every door, normalised, idempotent by id, and cheap when they change nothing. */
@QuarkusTest
class SignalIntakeTest {

    @Inject
    TestClock clock;

    @BeforeAll
    static void listen() {
        Bus.listen();
    }

    @BeforeEach
    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aSignalForAnUnknownMetricRegistersItWithAutoDraftingOff() {
        String org = Api.newOrg();
        Bus.sendSignal("m-" + UUID.randomUUID(), Bus.signal("sig-81f2", org, "checkout-error-rate", "unhealthy",
                "\"value\":0.12,\"threshold\":0.05,\"observedAt\":\"" + Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS)
                        + "\",\"service\":\"checkout-api\",\"score\":0.93,\"labels\":{\"env\":\"production\"}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> health(org, "checkout-error-rate") != null);

        Api.as(org, "viewer").get("/api/metrics/checkout-error-rate").then().statusCode(200)
                .body("title", equalTo("checkout-error-rate")).body("policy", equalTo("off"))
                .body("services", equalTo(java.util.List.of("checkout-api"))).body("threshold", equalTo("0.05"))
                .body("health", equalTo("unhealthy")).body("lastValue", equalTo(0.12f));
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.inbox WHERE consumer = 'metric-signals' AND message_id = ?",
                org + "/sig-81f2")).isEqualTo(1);
    }

    @Test
    void signalsArriveAsJsonDataAsTextOrAsCloudEvents() {
        String org = Api.newOrg();
        Bus.sendSignal("m-" + UUID.randomUUID(), Bus.signal("a", org, "as-data", "unhealthy", null));
        Bus.sendSignalAsText("m-" + UUID.randomUUID(), Bus.signal("b", org, "as-text", "unhealthy", null));
        Bus.sendSignalCloudEvent("ce-1", org, Bus.signal("c", org, "as-cloud-event", "unhealthy", null));
        // A CloudEvent may leave the id and organisation to its envelope.
        Bus.sendSignalCloudEvent("ce-2", org, "{\"metric\":\"from-envelope\",\"status\":\"healthy\"}");
        // Structured mode: the signal under "data".
        TestBroker.send(AmqpMessage.create().address(Addresses.METRIC_SIGNALS).id("ce-3").durable(true)
                .contentType("application/cloudevents+json").withBufferAsBody(Buffer.buffer("{\"specversion\":\"1.0\","
                        + "\"id\":\"ce-3\",\"type\":\"io.example.signal\",\"source\":\"/x\",\"tocsinorg\":\"" + org + "\","
                        + "\"data\":{\"metric\":\"structured\",\"status\":\"unhealthy\"}}")).build());

        await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM autodraft.metrics WHERE org_id = ? AND health <> 'unknown'", org) == 5);
        assertThat(health(org, "as-data")).isEqualTo("unhealthy");
        assertThat(health(org, "as-text")).isEqualTo("unhealthy");
        assertThat(health(org, "as-cloud-event")).isEqualTo("unhealthy");
        assertThat(health(org, "from-envelope")).isEqualTo("healthy");
        assertThat(health(org, "structured")).isEqualTo("unhealthy");
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.inbox WHERE message_id IN (?, ?)", org + "/ce-2",
                org + "/ce-3")).isEqualTo(2);
    }

    @Test
    void aRedeliveredSignalHasNoSecondEffect() {
        String org = Api.newOrg();
        metric(org, "checkout-error-rate", "immediate", "major");
        String signal = Bus.signal("sig-1", org, "checkout-error-rate", "unhealthy", null);
        String recovery = Bus.signal("sig-2", org, "checkout-error-rate", "healthy", null);
        Bus.sendSignal("m-1", signal);
        Bus.sendSignal("m-2", signal);
        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(org).size() == 1);
        Bus.sendSignal("m-3", recovery);
        await().atMost(Duration.ofSeconds(10)).until(() -> "healthy".equals(health(org, "checkout-error-rate")));
        clock.advance(Duration.ofHours(2));
        // The first signal again, after the recovery and past the cooldown: still nothing.
        Bus.sendSignal("m-4", signal);
        assertThat(Api.responder(org).body("{\"status\":\"unhealthy\",\"id\":\"sig-1\"}")
                .post("/api/metrics/checkout-error-rate/health").then().statusCode(200).extract().<String>path("outcome"))
                .isEqualTo("duplicate");

        await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM autodraft.inbox WHERE consumer = 'metric-signals' AND message_id LIKE ?", org + "/%") == 2);
        assertThat(health(org, "checkout-error-rate")).isEqualTo("healthy");
        assertThat(TestDatabase.count("SELECT transition_seq FROM autodraft.metrics WHERE org_id = ?", org)).isEqualTo(2);
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(1);
    }

    @Test
    void aBurstOverAmqpHasTheEffectOfItsSignalsOneByOneInOrder() {
        String org = Api.newOrg();
        Api.metric(org, "bursty", "immediate", "major");
        // Flips and repeats of one metric, another metric, a signal id sent twice and an unreadable message in the
        // middle: handled in batches, with the metrics read once per batch; the unreadable one fails its batch,
        // which is then redone one message at a time.
        List<String[]> burst = List.of(
                new String[] {"b1", "bursty", "unhealthy"}, new String[] {"b2", "bursty", "unhealthy"},
                new String[] {"b3", "other-" + org.hashCode(), "unhealthy"}, new String[] {"b4", "bursty", "healthy"},
                new String[] {"b4", "bursty", "unhealthy"}, new String[] {"b5", "bursty", "unhealthy"});
        int n = 0;
        for (String[] s : burst) {
            Bus.sendSignal("burst-" + org + "-" + n++, Bus.signal(s[0], org, s[1], s[2], null));
            if (n == 3) {
                Bus.sendSignal("burst-bad-" + org, "{\"org\":\"" + org + "\",\"metric\":\"bursty\",\"status\":\"sideways\"}");
            }
        }
        Bus.sendSignal("burst-end-" + org, Bus.signal("b6", org, "bursty", "healthy", null));

        // bursty: b1 flips to unhealthy, b2 repeats it, b4 flips to healthy, the second b4 is the same signal (no
        // effect), b5 flips to unhealthy, b6 back to healthy: four transitions, one draft (the hour's cooldown).
        await().atMost(Duration.ofSeconds(20)).until(() -> !Bus.deadLetters("burst-bad-" + org).isEmpty()
                && TestDatabase.count("SELECT count(*) FROM autodraft.metrics WHERE org_id = ? AND slug = 'bursty' AND health = 'healthy'"
                        + " AND transition_seq = 4", org) == 1);
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.metrics WHERE org_id = ? AND slug <> 'bursty'"
                + " AND health = 'unhealthy' AND policy = 'off'", org)).isEqualTo(1);
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(1);
    }

    @Test
    void unreadableSignalsGoToTheDeadLetterAddressAndChangeNothing() {
        String org = Api.newOrg();
        Map<String, String> bodies = Map.of(
                "dl-json", "{not json",
                "dl-array", "[1,2]",
                "dl-id", "{\"org\":\"" + org + "\",\"metric\":\"m\",\"status\":\"unhealthy\"}",
                "dl-org", "{\"id\":\"x\",\"metric\":\"m\",\"status\":\"unhealthy\"}",
                "dl-metric", "{\"id\":\"x\",\"org\":\"" + org + "\",\"status\":\"unhealthy\"}",
                "dl-status", "{\"id\":\"x\",\"org\":\"" + org + "\",\"metric\":\"m\",\"status\":\"sick\"}",
                "dl-score", Bus.signal("y", org, "m", "unhealthy", "\"score\":1.7"),
                "dl-value", Bus.signal("z", org, "m", "unhealthy", "\"value\":\"high\""),
                "dl-time", Bus.signal("w", org, "m", "unhealthy", "\"observedAt\":\"yesterday\""));
        bodies.forEach((id, body) -> Bus.sendSignal(id + "-" + org, body));
        // A CloudEvent of one organisation may not carry a signal for another.
        Bus.sendSignalCloudEvent("dl-tenant-" + org, "someone-else", Bus.signal("t", org, "m", "unhealthy", null));

        await().atMost(Duration.ofSeconds(15)).until(() -> bodies.keySet().stream()
                .allMatch(id -> !Bus.deadLetters(id + "-" + org).isEmpty()) && !Bus.deadLetters("dl-tenant-" + org).isEmpty());
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.metrics WHERE org_id = ?", org)).isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.inbox WHERE message_id LIKE ?", org + "/%")).isZero();
    }

    @Test
    void aSignalObservedBeforeTheLastTransitionIsStale() {
        String org = Api.newOrg();
        metric(org, "checkout-error-rate", "immediate", "major");
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        assertThat(report(org, "checkout-error-rate", "healthy", "h-1", now.minusSeconds(60).toString(), null))
                .isEqualTo("transition");
        assertThat(report(org, "checkout-error-rate", "unhealthy", "u-1", now.minusSeconds(120).toString(), null))
                .isEqualTo("stale");
        assertThat(report(org, "checkout-error-rate", "healthy", "h-0", now.minusSeconds(90).toString(), null))
                .isEqualTo("stale");
        // A producer's clock running ahead is taken as now, so it cannot make later signals look stale.
        assertThat(report(org, "checkout-error-rate", "unhealthy", "u-2", now.plus(Duration.ofHours(1)).toString(), null))
                .isEqualTo("transition");
        assertThat(report(org, "checkout-error-rate", "healthy", "h-2", null, null)).isEqualTo("transition");

        assertThat(health(org, "checkout-error-rate")).isEqualTo("healthy");
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(1);
    }

    @Test
    void aSignalThatChangesNothingWritesNothingButItsId() {
        String org = Api.newOrg();
        metric(org, "checkout-error-rate", "immediate", "major");
        report(org, "checkout-error-rate", "unhealthy");
        Map<String, Object> before = TestDatabase.rows("SELECT xmin::text AS version, ctid::text AS place, updated_at"
                + " FROM autodraft.metrics WHERE org_id = ?", org).get(0);
        long audit = TestDatabase.count("SELECT count(*) FROM autodraft.audit WHERE org_id = ?", org);

        // An alert storm: the same firing alert, again and again, by hand and over AMQP.
        for (int i = 0; i < 10; i++) {
            assertThat(report(org, "checkout-error-rate", "unhealthy")).isEqualTo("unchanged");
        }
        for (int i = 0; i < 10; i++) {
            Bus.sendSignal("storm-" + i + "-" + org, Bus.signal("storm-" + i, org, "checkout-error-rate", "unhealthy",
                    "\"value\":" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM autodraft.inbox WHERE message_id LIKE ?", org + "/storm-%") == 10);

        assertThat(TestDatabase.rows("SELECT xmin::text AS version, ctid::text AS place, updated_at FROM autodraft.metrics"
                + " WHERE org_id = ?", org).get(0)).isEqualTo(before);
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.audit WHERE org_id = ?", org)).isEqualTo(audit);
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.dwell_checks WHERE org_id = ?", org)).isZero();
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(1);
    }

    @Test
    void manualReportsNeedAnExistingMetricAndTheResponderRole() {
        String org = Api.newOrg();
        Api.responder(org).body("{\"status\":\"unhealthy\"}").post("/api/metrics/nope/health").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("/problems/not-found"));
        metric(org, "checkout-error-rate", "off", "major");
        Api.as(org, "viewer").body("{\"status\":\"unhealthy\"}").post("/api/metrics/checkout-error-rate/health").then()
                .statusCode(403);
        Api.responder(org).body("{\"status\":\"sick\"}").post("/api/metrics/checkout-error-rate/health").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        Api.responder(org).body("{\"status\":\"unhealthy\",\"health\":\"x\"}").post("/api/metrics/checkout-error-rate/health")
                .then().statusCode(400).body("errors[0].field", equalTo("health"));
        Api.responder(org).body("{\"status\":\"unhealthy\",\"id\":\"\"}").post("/api/metrics/checkout-error-rate/health")
                .then().statusCode(400).body("errors[0].field", equalTo("id"));
        assertThat(health(org, "checkout-error-rate")).isEqualTo("unknown");
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.inbox WHERE message_id LIKE ?", org + "/%")).isZero();

        Api.responder(org).body("{\"status\":\"unhealthy\",\"value\":3.5}").post("/api/metrics/checkout-error-rate/health")
                .then().statusCode(200).body("outcome", equalTo("transition")).body("health", equalTo("unhealthy"))
                .body("metric", equalTo("checkout-error-rate")).body("signalId", notNullValue());
    }

    static String health(String org, String slug) {
        var rows = TestDatabase.rows("SELECT health FROM autodraft.metrics WHERE org_id = ? AND slug = ?", org, slug);
        return rows.isEmpty() ? null : (String) rows.get(0).get("health");
    }
}
