package io.tocsin.incident.commands;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.contracts.Addresses;
import io.tocsin.incident.support.Api;
import io.tocsin.devstack.testing.TestBroker;
import io.tocsin.incident.support.Events;
import io.tocsin.devstack.testing.TestDatabase;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command consumer is idempotent, transactional, retries transient failures and dead-letters poison. */
@QuarkusTest
class CommandInboxTest {

    @BeforeAll
    static void listen() {
        Events.listen();
    }

    @Test
    void aRedeliveredCommandHasNoSecondEffect() {
        String org = Api.newOrg();
        String id = UUID.randomUUID().toString();
        String data = "{\"commandId\":\"" + id + "\",\"org\":\"" + org + "\",\"origin\":\"tests\"}";
        Events.sendCommand(id, PingHandler.TYPE, org, data);
        Events.sendCommand(id, PingHandler.TYPE, org, data);
        Events.sendCommand(id, PingHandler.TYPE, org, data);
        await().atMost(Duration.ofSeconds(10)).until(() -> PingHandler.ATTEMPTS.containsKey(id)
                && TestDatabase.count("SELECT count(*) FROM incident.inbox WHERE message_id = ?", id) == 1);
        String other = UUID.randomUUID().toString();
        Events.sendCommand(other, PingHandler.TYPE, org, data.replace(id, other));
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.count("SELECT count(*) FROM incident.inbox WHERE message_id = ?", other) == 1);
        assertThat(counter(org)).isEqualTo(2);
        assertThat(PingHandler.ATTEMPTS.get(id).get()).isEqualTo(1);
    }

    @Test
    void transientFailuresAreRetriedAndRolledBack() {
        String org = Api.newOrg();
        String id = UUID.randomUUID().toString();
        Events.sendCommand(id, PingHandler.TYPE, org, "{\"commandId\":\"" + id + "\",\"org\":\"" + org + "\",\"failTimes\":2}");
        await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.count("SELECT count(*) FROM incident.inbox WHERE message_id = ?", id) == 1);
        assertThat(PingHandler.ATTEMPTS.get(id).get()).isEqualTo(3);
        assertThat(counter(org)).isEqualTo(1);
    }

    @Test
    void aRetriedMessageIsNotOvertakenByTheNextOne() {
        String org = Api.newOrg();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        Events.sendCommand(first, PingHandler.TYPE, org, "{\"org\":\"" + org + "\",\"failTimes\":2}");
        Events.sendCommand(second, PingHandler.TYPE, org, "{\"org\":\"" + org + "\"}");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                TestDatabase.count("SELECT count(*) FROM incident.inbox WHERE message_id IN (?, ?)", first, second) == 2);
        assertThat(TestDatabase.rows("SELECT message_id FROM incident.inbox WHERE message_id IN (?, ?) ORDER BY processed_at",
                first, second)).extracting(row -> row.get("message_id")).containsExactly(first, second);
    }

    @Test
    void aValueTheDatabaseRefusesIsDeadLetteredNotRetried() {
        String org = Api.newOrg();
        String id = UUID.randomUUID().toString();
        Events.sendCommand(id, PingHandler.TYPE, org, "{\"org\":\"" + org + "\\u0000\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> !Events.deadLetters(id).isEmpty());
        assertThat(PingHandler.ATTEMPTS.get(id).get()).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.inbox WHERE message_id = ?", id)).isZero();
    }

    @Test
    void aBurstIsHandledOnceEachInOrderAndOneBadMessageCostsTheOthersNothing() {
        String org = Api.newOrg();
        List<String> ids = new ArrayList<>();
        String poison = null;
        for (int i = 0; i < 60; i++) {
            String id = UUID.randomUUID().toString();
            boolean bad = i == 30;
            // Handled in batches of what has arrived; the bad one (no org) fails its batch, which is then redone one by one.
            Events.sendCommand(id, PingHandler.TYPE, org, bad ? "{\"origin\":\"tests\"}" : "{\"org\":\"" + org + "\"}");
            if (i == 10) {
                Events.sendCommand(id, PingHandler.TYPE, org, "{\"org\":\"" + org + "\"}"); // a redelivery right behind it
            }
            if (bad) {
                poison = id;
            } else {
                ids.add(id);
            }
        }
        String deadLettered = poison;
        await().atMost(Duration.ofSeconds(30)).until(() -> !Events.deadLetters(deadLettered).isEmpty()
                && TestDatabase.count("SELECT count(*) FROM incident.inbox WHERE message_id = ANY(?)", (Object) ids.toArray(String[]::new)) == 59);
        assertThat(counter(org)).as("each good command took effect once").isEqualTo(59);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.inbox WHERE message_id = ?", deadLettered)).isZero();
    }

    @Test
    void aBatchThatLosesADeadlockIsRunAgainWholeNotSplit() throws Exception {
        String org = Api.newOrg();
        String first = UUID.randomUUID().toString();
        List<String> burst = new ArrayList<>();
        double splitBefore = consumed("batch_failed");
        try (Connection holder = TestDatabase.connect()) {
            // Holds the org's counter row, so that the first command waits in its transaction while the burst queues
            // up behind it and then comes as one batch.
            holder.setAutoCommit(false);
            try (PreparedStatement hold = holder.prepareStatement(
                    "INSERT INTO incident.reference_counters (org_id, year, last_value) VALUES (?, 0, 0)")) {
                hold.setString(1, org);
                hold.executeUpdate();
            }
            Events.sendCommand(first, PingHandler.TYPE, org, "{\"org\":\"" + org + "\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.count("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE wait_event_type = 'Lock' AND query LIKE '%incident.reference_counters%'") >= 1);
            for (int i = 0; i < 20; i++) {
                String id = UUID.randomUUID().toString();
                burst.add(id);
                Events.sendCommand(id, PingHandler.TYPE, org,
                        i == 10 ? "{\"org\":\"" + org + "\",\"conflictTimes\":1}" : "{\"org\":\"" + org + "\"}");
            }
            holder.commit();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM incident.inbox WHERE message_id = ANY(?)", (Object) burst.toArray(String[]::new)) == 20);
        assertThat(counter(org)).as("each command took effect once").isEqualTo(21);
        assertThat(PingHandler.ATTEMPTS.get(burst.get(10)).get()).isEqualTo(2);
        assertThat(consumed("batch_failed")).as("no batch was split into single messages").isEqualTo(splitBefore);
    }

    @Test
    void unreadableMessagesGoToTheDeadLetterAddress() {
        Events.listen();
        String notJson = UUID.randomUUID().toString();
        Events.sendCommand(notJson, PingHandler.TYPE, "org-x", "{not json");
        String unknownType = UUID.randomUUID().toString();
        Events.sendCommand(unknownType, "io.tocsin.command.no_such_command", "org-x", "{}");
        String noEnvelope = UUID.randomUUID().toString();
        TestBroker.send(AmqpMessage.create().address(Addresses.INCIDENT_COMMANDS).id(noEnvelope).durable(true)
                .applicationProperties(new JsonObject().put("hello", "world")).withBufferAsBody(Buffer.buffer("{}")).build());

        await().atMost(Duration.ofSeconds(15)).until(() -> !Events.deadLetters(notJson).isEmpty()
                && !Events.deadLetters(unknownType).isEmpty() && !Events.deadLetters(noEnvelope).isEmpty());
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.inbox WHERE message_id IN (?, ?, ?)", notJson, unknownType, noEnvelope))
                .isZero();
    }

    /** The consumer's count of an outcome on the command address, from {@code /q/metrics}. */
    private static double consumed(String outcome) {
        String prefix = "tocsin_messages_consumed_total{address=\"" + Addresses.INCIDENT_COMMANDS + "\",outcome=\"" + outcome
                + "\"}";
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(prefix)).mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()).trim()))
                .sum();
    }

    private static long counter(String org) {
        return TestDatabase.count("SELECT coalesce(max(last_value), 0) FROM incident.reference_counters WHERE org_id = ? AND year = 0", org);
    }
}
