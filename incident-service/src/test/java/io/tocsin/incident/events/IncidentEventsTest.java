package io.tocsin.incident.events;

import static io.tocsin.incident.support.Api.declare;
import static io.tocsin.incident.support.Api.responder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.contracts.CloudEvents;
import io.tocsin.devstack.DevStack;
import io.tocsin.incident.support.Api;
import io.tocsin.devstack.testing.TestBroker;
import io.tocsin.incident.support.Events;
import io.tocsin.devstack.testing.TestBroker.Event;
import io.tocsin.devstack.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IncidentEventsTest {

    @BeforeAll
    static void listen() {
        Events.listen();
    }

    @Test
    void everyChangeIsPublishedAsACloudEventInOrder() {
        String org = Api.newOrg();
        String id = declare(org, "Checkout errors", "SEV1", "checkout-api");
        patch(org, id, 1, "{\"status\":\"investigating\",\"severity\":\"SEV2\",\"commanderId\":\"u-carol\"}");
        patch(org, id, 2, "{\"title\":\"Checkout 502s\",\"services\":[\"checkout-api\",\"payments\"]}");
        responder(org).body("{\"message\":\"Rolled back\",\"type\":\"action\"}").post("/api/incidents/" + id + "/timeline")
                .then().statusCode(201);
        responder(org).body("{\"type\":\"deploy\",\"targetId\":\"d-812\"}").post("/api/incidents/" + id + "/links")
                .then().statusCode(201);
        patch(org, id, 3, "{\"status\":\"resolved\",\"resolutionSummary\":\"Config reverted\"}");

        List<String> expected = List.of("incident.created", "incident.status_changed", "incident.severity_changed",
                "incident.commander_assigned", "incident.updated", "incident.timeline_entry_added", "incident.link_added",
                "incident.status_changed", "postmortem.created");
        await().atMost(Duration.ofSeconds(15)).until(() -> Events.of(org, id).size() >= expected.size());
        List<Event> events = Events.of(org, id);
        assertThat(events).extracting(Event::shortType).containsExactlyElementsOf(expected);

        Event created = events.get(0);
        assertThat(created.source()).isEqualTo(CloudEvents.incidentSource(org, id));
        assertThat(created.subject()).isEqualTo(id);
        assertThat(created.type()).isEqualTo("io.tocsin.incident.created");
        assertThat(Instant.parse(created.time())).isNotNull();
        assertThat(created.data().getJsonObject("incident").getString("reference")).matches("INC-\\d{4}-0001");
        assertThat(created.data().getJsonObject("incident").getString("status")).isEqualTo("declared");

        Event statusChanged = events.get(1);
        assertThat(statusChanged.data().getJsonObject("change").getString("from")).isEqualTo("declared");
        assertThat(statusChanged.data().getJsonObject("change").getString("to")).isEqualTo("investigating");
        assertThat(statusChanged.data().getJsonObject("incident").getString("status")).isEqualTo("investigating");
        assertThat(events.get(4).data().getJsonObject("change").getJsonArray("servicesAdded").getList()).containsExactly("payments");
        assertThat(events.get(5).data().getJsonObject("change").getJsonObject("entry").getString("message")).isEqualTo("Rolled back");
        assertThat(events.get(6).data().getJsonObject("change").getJsonObject("link").getString("targetId")).isEqualTo("d-812");
        assertThat(events.get(7).data().getJsonObject("incident").getString("resolutionSummary")).isEqualTo("Config reverted");
        assertThat(events).extracting(Event::id).doesNotHaveDuplicates();

        await().atMost(Duration.ofSeconds(10)).until(() ->
                TestDatabase.count("SELECT count(*) FROM incident.outbox WHERE aggregate_id = ? AND sent_at IS NULL", id) == 0);
    }

    @Test
    void aBrokerOutageLosesNoEventAndTheRelayCatchesUpInOrder() {
        String org = Api.newOrg();
        DevStack stack = DevStack.shared();
        List<String> ids = new ArrayList<>();
        stack.stopBroker();
        try {
            for (int i = 0; i < 5; i++) {
                String id = declare(org, "During outage " + i, "SEV2");
                ids.add(id);
                patch(org, id, 1, "{\"status\":\"investigating\"}");
            }
            assertThat(TestDatabase.count("SELECT count(*) FROM incident.outbox WHERE org_id = ? AND sent_at IS NULL", org)).isEqualTo(10);
        } finally {
            stack.startBroker();
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> Events.of(org).size() >= 10);
        for (String id : ids) {
            assertThat(Events.of(org, id)).extracting(Event::shortType)
                    .containsExactly("incident.created", "incident.status_changed");
        }
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.outbox WHERE org_id = ? AND sent_at IS NULL", org)).isZero();
        responder(org).get("/q/health/ready").then().statusCode(200);
    }

    /** Rows written on every create get ids that start with their millisecond, so their indexes grow at one edge. */
    @Test
    void anIncidentItsTimelineEntriesAndItsEventsGetTimeOrderedIds() {
        String org = Api.newOrg();
        String first = declare(org, "Queue backlog", "SEV3", "worker");
        String second = declare(org, "Queue backlog again", "SEV3", "worker");

        assertThat(UUID.fromString(first).version()).isEqualTo(7);
        assertThat(UUID.fromString(second).version()).isEqualTo(7);
        assertThat(second).isGreaterThan(first);
        List<String> entries = responder(org).get("/api/incidents/" + first + "/timeline").then().statusCode(200).extract()
                .jsonPath().getList("items.id");
        assertThat(entries).isNotEmpty().allSatisfy(entry -> assertThat(UUID.fromString(entry).version()).isEqualTo(7));
        await().atMost(Duration.ofSeconds(15)).until(() -> !Events.of(org, first).isEmpty());
        assertThat(Events.of(org, first)).extracting(Event::id)
                .allSatisfy(event -> assertThat(UUID.fromString(event).version()).isEqualTo(7));
    }

    private static void patch(String org, String id, int version, String body) {
        responder(org).header("If-Match", "\"" + version + "\"").body(body).patch("/api/incidents/" + id).then().statusCode(200);
    }
}
