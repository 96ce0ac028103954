package io.tocsin.incident.cadence;

import static io.tocsin.incident.support.Api.declare;
import static io.tocsin.incident.support.Api.responder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.devstack.testing.TestBroker.Event;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.incident.support.Api;
import io.tocsin.incident.support.Events;
import io.tocsin.incident.support.Imports;
import io.tocsin.incident.support.TestClock;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §4.2: a SEV1/SEV2 incident without a timeline update for 15 minutes emits
 * incident.update_overdue, once per gap. The poller runs every 200 ms in tests; the clock moves.
 */
@QuarkusTest
class UpdateCadenceTest {

    @Inject
    TestClock clock;

    @Inject
    OverdueUpdates overdueUpdates;

    @BeforeAll
    static void listen() {
        Events.listen();
    }

    @Test
    void aSilentSev1OrSev2IsReportedOncePerGap() {
        String org = Api.newOrg();
        String sev1 = declare(org, "Checkout down", "SEV1", "checkout-api");
        String sev2 = declare(org, "Payments slow", "SEV2", "payments");
        responder(org).header("If-Match", "\"1\"").body("{\"status\":\"investigating\"}").patch("/api/incidents/" + sev2)
                .then().statusCode(200);
        String sev3 = declare(org, "Search slow", "SEV3", "search");
        String sev4 = declare(org, "Chart glitch", "SEV4");
        String resolved = declare(org, "Blip", "SEV1");
        responder(org).header("If-Match", "\"1\"").body("{\"status\":\"resolved\",\"resolutionSummary\":\"Gone\"}")
                .patch("/api/incidents/" + resolved).then().statusCode(200);
        String draft = responder(org).body("{\"title\":\"Maybe\",\"severity\":\"SEV1\",\"draft\":true}").post("/api/incidents")
                .then().statusCode(201).extract().path("id");
        Imports.sendAll(List.of(Imports.command(org, "elsewhere", Map.of("severity", "SEV1", "status", "investigating",
                "declaredAt", Instant.now().toString()))));
        String imported = TestDatabase.rows("SELECT id FROM incident.incidents WHERE org_id = ? AND source_kind = 'incident_io'", org)
                .get(0).get("id").toString();
        Instant sev1LastUpdate = lastUpdate(sev1);

        try {
            // 14 minutes: not yet
            clock.advance(Duration.ofMinutes(14));
            overdueUpdates.emitDue().await().atMost(Duration.ofSeconds(10));
            assertThat(overdue(org)).isEmpty();

            // past 15 minutes: one event each for the SEV1 and the SEV2
            clock.advance(Duration.ofMinutes(2));
            await().atMost(Duration.ofSeconds(15)).until(() -> overdue(org).size() == 2);
            assertThat(overdue(org)).extracting(Event::subject).containsExactlyInAnyOrder(sev1, sev2);
            Event first = overdue(org, sev1).get(0);
            assertThat(first.data().getJsonObject("change").getString("lastUpdateAt")).isEqualTo(sev1LastUpdate.toString());
            assertThat(first.data().getJsonObject("change").getString("overdueSince"))
                    .isEqualTo(sev1LastUpdate.plus(Duration.ofMinutes(15)).toString());
            assertThat(first.data().getJsonObject("change").getInteger("cadenceMinutes")).isEqualTo(15);
            assertThat(first.data().getJsonObject("incident").getString("severity")).isEqualTo("SEV1");

            // another 15 minutes without an update: the same gap, nothing more
            clock.advance(Duration.ofMinutes(16));
            overdueUpdates.emitDue().await().atMost(Duration.ofSeconds(10));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> overdueRows(sev1) == 1);

            // an update starts a new gap, which is reported once it is 15 minutes long
            responder(org).body("{\"message\":\"Still digging\",\"type\":\"update\"}").post("/api/incidents/" + sev1 + "/timeline")
                    .then().statusCode(201);
            clock.advance(Duration.ofMinutes(10));
            overdueUpdates.emitDue().await().atMost(Duration.ofSeconds(10));
            assertThat(overdueRows(sev1)).isEqualTo(1);
            clock.advance(Duration.ofMinutes(6));
            await().atMost(Duration.ofSeconds(15)).until(() -> overdue(org, sev1).size() == 2);
            assertThat(overdueRows(sev2)).isEqualTo(1);
        } finally {
            clock.reset();
        }
        for (String quiet : List.of(sev3, sev4, resolved, draft, imported)) {
            assertThat(overdueRows(quiet)).as(quiet).isZero();
        }
        assertThat(TestDatabase.rows("SELECT overdue_notified_for = last_update_at AS reported FROM incident.incidents WHERE id = ?",
                UUID.fromString(sev2)).get(0)).containsEntry("reported", true);
    }

    private static List<Event> overdue(String org) {
        return Events.of(org).stream().filter(e -> e.shortType().equals("incident.update_overdue")).toList();
    }

    private static List<Event> overdue(String org, String id) {
        return overdue(org).stream().filter(e -> id.equals(e.subject())).toList();
    }

    private static long overdueRows(String id) {
        return TestDatabase.count("SELECT count(*) FROM incident.outbox WHERE aggregate_id = ? AND type = 'io.tocsin.incident.update_overdue'", id);
    }

    private static Instant lastUpdate(String id) {
        return ((java.sql.Timestamp) TestDatabase.rows("SELECT last_update_at FROM incident.incidents WHERE id = ?",
                UUID.fromString(id)).get(0).get("last_update_at")).toInstant().truncatedTo(ChronoUnit.MICROS);
    }
}
