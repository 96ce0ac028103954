package io.tocsin.notifier.deliveries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.notifier.support.Api;
import io.tocsin.notifier.support.Deliveries;
import io.tocsin.notifier.support.Events;
import io.tocsin.notifier.support.PagerDutyFake;
import io.tocsin.notifier.support.TestClock;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dispatchers driven by hand (this service's own is off), standing for replicas: one that dies
 * after claiming, several racing. Nothing is lost, nothing is sent twice, and an incident's
 * deliveries keep their order.
 */
@QuarkusTest
@TestProfile(DispatcherRecoveryTest.ManualDispatch.class)
class DispatcherRecoveryTest {

    /** The service's own dispatcher does not run: the test plays every replica. */
    public static class ManualDispatch implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tocsin.notifier.dispatcher-enabled", "false", "tocsin.notifier.batch-size", "3");
        }
    }

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
    void aDispatcherThatDiesAfterClaimingLosesItsClaimWhenTheLeaseExpires() {
        String org = Api.newOrg();
        Api.pagerDuty(org, "{\"serviceKey\":\"lease-key-0001\"}");
        UUID id = UUID.randomUUID();
        JsonObject incident = Events.incident(org, id, "SEV1", "declared", List.of("checkout-api"));
        Events.send("incident.created", incident, new JsonObject());
        Events.statusChanged(incident, "declared", "resolved");
        Deliveries.awaitStored(id, 2);

        // A replica claims the head of the incident's queue (the trigger), then dies without sending it.
        List<Delivery> claimedByTheDead = claimUntilFound(id);
        assertThat(claimedByTheDead).extracting(Delivery::action).containsExactly("trigger");

        // While its lease holds, the other replicas send neither the trigger nor the resolve behind it.
        assertThat(drainFor(id)).isZero();
        clock.advance(Duration.ofSeconds(59));
        assertThat(drainFor(id)).isZero();
        assertThat(PagerDutyFake.requests(id)).isEmpty();

        // The lease (1 min in tests) expires: the trigger is sent, then the resolve, each once.
        clock.advance(Duration.ofSeconds(2));
        assertThat(drainFor(id)).isEqualTo(2);
        assertThat(PagerDutyFake.bodies(id)).extracting(b -> b.getString("event_action")).containsExactly("trigger", "resolve");
        assertThat(Deliveries.of(id)).extracting(d -> d.get("action") + "/" + d.get("status") + "/" + d.get("attempts"))
                .containsExactly("trigger/delivered/2", "resolve/delivered/1");
        assertThat(drainFor(id)).isZero();
        assertThat(PagerDutyFake.requests(id)).hasSize(2);
    }

    @Test
    void racingDispatchersSendEveryDeliveryOnceAndInOrderPerIncident() {
        String org = Api.newOrg();
        Api.pagerDuty(org, "{\"serviceKey\":\"race-key-0002\"}");
        List<UUID> incidents = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            UUID id = UUID.randomUUID();
            incidents.add(id);
            JsonObject incident = Events.incident(org, id, "SEV2", "declared", List.of("svc-" + i));
            Events.send("incident.created", incident, new JsonObject());
            Events.statusChanged(incident, "declared", "resolved");
        }
        incidents.forEach(id -> Deliveries.awaitStored(id, 2));

        List<Uni<Integer>> replicas = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            replicas.add(drain());
        }
        Uni.join().all(replicas).andCollectFailures().await().atMost(Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(20)).until(() -> drain().await().atMost(Duration.ofSeconds(20)) == 0
                && TestDatabase.count("SELECT count(*) FROM notifier.deliveries WHERE org_id = ? AND status = 'delivered'", org) == 16);

        for (UUID id : incidents) {
            assertThat(PagerDutyFake.bodies(id)).extracting(b -> b.getString("event_action")).containsExactly("trigger", "resolve");
        }
        assertThat(TestDatabase.count("SELECT count(*) FROM notifier.deliveries WHERE org_id = ? AND attempts <> 1", org)).isZero();
    }

    @Test
    void aRedeliveredEventCreatesNoSecondDelivery() {
        String org = Api.newOrg();
        Api.pagerDuty(org, "{\"serviceKey\":\"redelivery-key-0003\"}");
        UUID id = UUID.randomUUID();
        JsonObject incident = Events.incident(org, id, "SEV1", "declared", List.of("checkout-api"));
        String created = Events.send("incident.created", incident, new JsonObject());
        Deliveries.awaitStored(id, 1);

        Events.resend(created, "incident.created", incident, new JsonObject());
        String later = Events.send("incident.timeline_entry_added", incident, new JsonObject());
        Deliveries.awaitConsumed(later);

        assertThat(TestDatabase.count("SELECT count(*) FROM notifier.deliveries WHERE event_id = ?", created)).isEqualTo(1);
        assertThat(drainFor(id)).isEqualTo(1);
        assertThat(PagerDutyFake.requests(id)).hasSize(1);
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

    /** Drains due deliveries as one replica would; answers how many of {@code id}'s were sent. */
    private long drainFor(UUID id) {
        long before = PagerDutyFake.requests(id).size();
        drain().await().atMost(Duration.ofSeconds(30));
        return PagerDutyFake.requests(id).size() - before;
    }

    private Uni<Integer> drain() {
        return dispatcher.dispatchOnce().flatMap(count -> count == 0 ? Uni.createFrom().item(0)
                : drain().map(more -> count + more));
    }
}
