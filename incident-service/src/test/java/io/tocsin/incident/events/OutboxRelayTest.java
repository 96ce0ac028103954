package io.tocsin.incident.events;

import static io.tocsin.incident.support.Api.declare;
import static io.tocsin.incident.support.Api.responder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.tocsin.devstack.DevStack;
import io.tocsin.incident.support.Api;
import io.tocsin.devstack.testing.TestBroker;
import io.tocsin.incident.support.Events;
import io.tocsin.devstack.testing.TestBroker.Event;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.platform.outbox.OutboxRelay;
import io.tocsin.contracts.Addresses;
import io.tocsin.devstack.Topology;
import io.vertx.amqp.AmqpMessage;
import java.util.UUID;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Several relays at once (as several replicas would run) publish each event once, in order per incident. */
@QuarkusTest
class OutboxRelayTest {

    @Inject
    OutboxRelay relay;

    @BeforeAll
    static void listen() {
        Events.listen();
    }

    @Test
    void concurrentRelaysPublishEachEventOnceInOrder() {
        String org = Api.newOrg();
        List<String> ids = new ArrayList<>();
        DevStack.shared().stopBroker();
        try {
            for (int i = 0; i < 20; i++) {
                String id = declare(org, "Backlog " + i, "SEV3");
                ids.add(id);
                responder(org).header("If-Match", "\"1\"").body("{\"status\":\"investigating\"}").patch("/api/incidents/" + id)
                        .then().statusCode(200);
                responder(org).header("If-Match", "\"2\"").body("{\"status\":\"mitigated\"}").patch("/api/incidents/" + id)
                        .then().statusCode(200);
            }
        } finally {
            DevStack.shared().startBroker();
        }
        // Four extra relay rounds race the service's own relay over the 60-event backlog.
        List<Uni<Integer>> rounds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rounds.add(drain());
        }
        Uni.join().all(rounds).andCollectFailures().await().atMost(Duration.ofSeconds(60));

        await().atMost(Duration.ofSeconds(30)).until(() -> Events.of(org).size() >= 60);
        assertThat(Events.of(org)).extracting(Event::id).doesNotHaveDuplicates().hasSize(60);
        for (String id : ids) {
            assertThat(Events.of(org, id)).extracting(Event::shortType)
                    .containsExactly("incident.created", "incident.status_changed", "incident.status_changed");
        }
    }

    @Test
    void rowsHeldByADeadReplicaArePublishedOnceItsConnectionDrops() throws Exception {
        String org = Api.newOrg();
        var config = ConfigProvider.getConfig();
        Connection replica = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
        String id;
        try {
            replica.setAutoCommit(false);
            DevStack.shared().stopBroker();
            try {
                id = declare(org, "Claimed by a replica that dies", "SEV2");
                // What a relay round does first: lock the aggregate and its rows.
                try (var claim = replica.prepareStatement("SELECT id FROM incident.outbox WHERE org_id = ? AND sent_at IS NULL"
                        + " AND pg_try_advisory_xact_lock(hashtext('incident.outbox'), hashtext(aggregate_id)) FOR UPDATE SKIP LOCKED")) {
                    claim.setString(1, org);
                    // The service's own relay may hold the row for a moment while it finds the broker gone.
                    await().atMost(Duration.ofSeconds(20)).until(() -> claim.executeQuery().next());
                }
            } finally {
                DevStack.shared().startBroker();
            }
            relay.relayOnce().await().atMost(Duration.ofSeconds(20));
            relay.relayOnce().await().atMost(Duration.ofSeconds(20));
            assertThat(TestDatabase.count("SELECT count(*) FROM incident.outbox WHERE org_id = ? AND sent_at IS NULL", org)).isEqualTo(1);
            assertThat(Events.of(org)).isEmpty();
        } finally {
            replica.close(); // the "crash": its transaction and locks go away with the connection
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> Events.of(org, id).size() == 1);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.outbox WHERE org_id = ? AND sent_at IS NULL", org)).isZero();
    }

    @Test
    void aMessageTheBrokerKeepsRefusingIsDeadLetteredAndItsAggregateMovesOn() throws Exception {
        String aggregate = "refusal-" + UUID.randomUUID();
        String org = Api.newOrg();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            TestDatabase.execute("INSERT INTO incident.outbox (address, aggregate_id, event_id, type, source, subject, org_id,"
                    + " occurred_at, payload) VALUES (?, ?, ?::uuid, 'io.tocsin.test.refused', '/tests', null, ?, now(), '{}')",
                    Topology.REFUSING, aggregate, id, org);
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDatabase.count("SELECT count(*) FROM incident.outbox WHERE aggregate_id = ? AND sent_at IS NULL", aggregate) == 0);
        List<AmqpMessage> deadLettered = ids.stream().flatMap(id -> TestBroker.withId(Addresses.DEAD_LETTERS, id).stream()).toList();
        assertThat(deadLettered).isNotEmpty();
        assertThat(deadLettered).allSatisfy(m ->
                assertThat(m.applicationProperties().getString(OutboxRelay.INTENDED_ADDRESS)).isEqualTo(Topology.REFUSING));
    }


    /** The relay's sent mark writes a new row version; V4__outbox_fillfactor keeps room for it on the row's page. */
    @Test
    void outboxPagesKeepRoomForTheSentMark() {
        assertThat(TestDatabase.count("SELECT count(*) FROM pg_class WHERE oid = 'incident.outbox'::regclass"
                + " AND 'fillfactor=70' = ANY (reloptions)")).isEqualTo(1);
    }

    private Uni<Integer> drain() {
        return relay.relayOnce().flatMap(count -> count == 0 ? Uni.createFrom().item(0) : drain());
    }
}
