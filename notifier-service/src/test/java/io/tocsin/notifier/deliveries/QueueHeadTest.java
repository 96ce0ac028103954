package io.tocsin.notifier.deliveries;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.notifier.support.Api;
import io.tocsin.notifier.support.Deliveries;
import io.tocsin.notifier.support.Events;
import io.tocsin.notifier.support.Fakes;
import io.tocsin.notifier.support.PagerDutyFake;
import io.tocsin.notifier.support.TestClock;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The claim takes only the head of each (destination, incident) queue: a head waiting for a retry
 * or leased by another dispatcher holds back the deliveries behind it, not other incidents', and a
 * long backlog drains completely, in order per incident. The test plays the dispatchers (batch 3).
 */
@QuarkusTest
@TestProfile(DispatcherRecoveryTest.ManualDispatch.class)
class QueueHeadTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Dispatcher dispatcher;

    @Inject
    TestClock clock;

    @BeforeAll
    static void pagerDuty() {
        PagerDutyFake.acceptAll();
    }

    @BeforeEach
    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aHeadWaitingForARetryOrLeasedElsewhereHoldsBackOnlyItsOwnQueue() {
        String org = Api.newOrg();
        Api.pagerDuty(org, "{\"serviceKey\":\"heads-key-0001\"}");
        UUID retrying = UUID.randomUUID();
        UUID leased = UUID.randomUUID();
        UUID free = UUID.randomUUID();
        String scenario = "heads-" + retrying;
        Fakes.http().stubFor(PagerDutyFake.forIncident(retrying).inScenario(scenario).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("healthy"));
        Fakes.http().stubFor(PagerDutyFake.forIncident(retrying).inScenario(scenario).whenScenarioStateIs("healthy")
                .willReturn(PagerDutyFake.accepted()));
        createdAndResolved(org, leased);

        // Another dispatcher claims the head of one incident's queue and has not answered yet.
        List<Delivery> claimedElsewhere = claimUntilFound(leased);
        assertThat(claimedElsewhere).extracting(Delivery::action).containsExactly("trigger");
        createdAndResolved(org, retrying);
        createdAndResolved(org, free);

        // This dispatcher: one incident's trigger is refused (503, retried 5–10 s later); the other
        // incident goes through; the leased one is left alone. Nothing behind a waiting head is claimed.
        drainCheckingHeads(org);
        assertThat(actions(free)).containsExactly("trigger", "resolve");
        assertThat(actions(retrying)).containsExactly("trigger");
        assertThat(actions(leased)).isEmpty();
        assertThat(Deliveries.of(retrying)).extracting(d -> d.get("action") + "/" + d.get("status") + "/" + d.get("attempts"))
                .containsExactly("trigger/pending/1", "resolve/pending/0");
        assertThat(Deliveries.of(leased)).extracting(d -> d.get("action") + "/" + d.get("status") + "/" + d.get("attempts"))
                .containsExactly("trigger/pending/1", "resolve/pending/0");

        // The retry comes due, the lease (1 min in tests) runs out: each queue goes on in order.
        clock.advance(Duration.ofSeconds(61));
        drainCheckingHeads(org);
        assertThat(actions(retrying)).containsExactly("trigger", "trigger", "resolve");
        assertThat(actions(leased)).containsExactly("trigger", "resolve");
        assertThat(actions(free)).containsExactly("trigger", "resolve");
        assertThat(TestDatabase.count("SELECT count(*) FROM notifier.deliveries WHERE org_id = ? AND status <> 'delivered'", org))
                .isZero();
    }

    @Test
    void aLongBacklogIsDeliveredCompletelyAndInOrderPerIncident() {
        String org = Api.newOrg();
        Api.pagerDuty(org, "{\"serviceKey\":\"backlog-key-0002\"}");
        List<UUID> incidents = new ArrayList<>();
        List<UUID> refusedFirst = new ArrayList<>();
        List<JsonObject> snapshots = new ArrayList<>();
        for (int i = 0; i < 75; i++) {
            UUID id = UUID.randomUUID();
            incidents.add(id);
            if (i % 10 == 0) {
                // Every tenth incident's first trigger is refused (503): its queue waits 5–10 s for the retry.
                refusedFirst.add(id);
                Fakes.http().stubFor(PagerDutyFake.forIncident(id).inScenario("backlog-" + id).whenScenarioStateIs(STARTED)
                        .willReturn(aResponse().withStatus(503)).willSetStateTo("healthy"));
                Fakes.http().stubFor(PagerDutyFake.forIncident(id).inScenario("backlog-" + id).whenScenarioStateIs("healthy")
                        .willReturn(PagerDutyFake.accepted()));
            }
            JsonObject incident = Events.incident(org, id, "SEV1", "declared", List.of("svc-" + i));
            snapshots.add(incident);
            Events.send("incident.created", incident, new JsonObject());
        }
        // Resolved, reopened, resolved again: four PagerDuty events per incident, 300 in all, each queued behind the last.
        for (JsonObject incident : snapshots) {
            Events.statusChanged(incident, "declared", "resolved");
        }
        for (JsonObject incident : snapshots) {
            Events.statusChanged(incident, "resolved", "investigating");
        }
        for (JsonObject incident : snapshots) {
            Events.statusChanged(incident, "investigating", "resolved");
        }
        await().atMost(WAIT).until(() -> TestDatabase.count(
                "SELECT count(*) FROM notifier.deliveries WHERE org_id = ?", org) == 300);

        int rounds = drainCheckingHeads(org);
        for (UUID id : incidents) {
            assertThat(actions(id)).containsExactly(refusedFirst.contains(id) ? new String[] {"trigger"}
                    : new String[] {"trigger", "resolve", "trigger", "resolve"});
        }
        assertThat(TestDatabase.count("SELECT count(*) FROM notifier.deliveries WHERE org_id = ? AND status = 'pending'", org))
                .isEqualTo(4L * refusedFirst.size());

        clock.advance(Duration.ofSeconds(11));
        rounds += drainCheckingHeads(org);

        assertThat(rounds).isGreaterThanOrEqualTo(100);
        assertThat(TestDatabase.count("SELECT count(*) FROM notifier.deliveries WHERE org_id = ? AND status = 'delivered'", org))
                .isEqualTo(300);
        assertThat(TestDatabase.count("SELECT sum(attempts) FROM notifier.deliveries WHERE org_id = ?", org))
                .isEqualTo(300L + refusedFirst.size());
        for (UUID id : incidents) {
            assertThat(actions(id)).containsExactly(refusedFirst.contains(id)
                    ? new String[] {"trigger", "trigger", "resolve", "trigger", "resolve"}
                    : new String[] {"trigger", "resolve", "trigger", "resolve"});
        }
    }

    /**
     * Plays one dispatcher until nothing is due, checking every round before it sends: at most a
     * batch, no two deliveries of one queue, and no claimed delivery of {@code org} with an older
     * pending one in its queue. Answers the number of rounds that claimed something of {@code org}.
     */
    private int drainCheckingHeads(String org) {
        int rounds = 0;
        while (true) {
            List<Delivery> claimed = dispatcher.claim().await().atMost(WAIT);
            if (claimed.isEmpty()) {
                return rounds;
            }
            assertThat(claimed).hasSizeLessThanOrEqualTo(3);
            Set<String> queues = new HashSet<>();
            for (Delivery delivery : claimed) {
                assertThat(queues.add(delivery.destination() + "/" + delivery.incidentId())).isTrue();
                if (delivery.org().equals(org)) {
                    assertThat(TestDatabase.count("SELECT count(*) FROM notifier.deliveries WHERE destination = ?"
                            + " AND incident_id = ? AND status = 'pending' AND position < ?",
                            delivery.destination(), delivery.incidentId(), delivery.position())).isZero();
                }
            }
            if (claimed.stream().anyMatch(delivery -> delivery.org().equals(org))) {
                rounds++;
            }
            dispatcher.send(claimed).await().atMost(WAIT);
        }
    }

    private static void createdAndResolved(String org, UUID id) {
        JsonObject incident = Events.incident(org, id, "SEV1", "declared", List.of("checkout-api"));
        Events.send("incident.created", incident, new JsonObject());
        Events.statusChanged(incident, "declared", "resolved");
        Deliveries.awaitStored(id, 2);
    }

    /** Claims until the incident's head is among the claimed (other tests' rows may be claimed too, and are left to expire). */
    private List<Delivery> claimUntilFound(UUID id) {
        List<Delivery> mine = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            dispatcher.claim().await().atMost(Duration.ofSeconds(10)).stream().filter(d -> d.incidentId().equals(id))
                    .forEach(mine::add);
            return !mine.isEmpty();
        });
        return mine;
    }

    private static List<String> actions(UUID incident) {
        return PagerDutyFake.bodies(incident).stream().map(body -> body.getString("event_action")).toList();
    }
}
