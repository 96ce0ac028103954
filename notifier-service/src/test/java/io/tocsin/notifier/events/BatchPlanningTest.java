package io.tocsin.notifier.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.notifier.support.Api;
import io.tocsin.notifier.support.Deliveries;
import io.tocsin.notifier.support.Events;
import io.tocsin.notifier.support.PagerDutyFake;
import io.tocsin.devstack.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events consumed together are planned together: one incident's events see each other's effect in
 * order, and every organisation gets its own configuration.
 */
@QuarkusTest
class BatchPlanningTest {

    private static final String PAGE_ALL = "{\"routingRules\":[{\"service_pattern\":\"*\",\"service_key\":\"%s\"}],"
            + "\"minimumSeverity\":\"SEV2\"}";

    @Inject
    DeliveryPlanner planner;

    @Inject
    Pool pool;

    @BeforeAll
    static void pagerDuty() {
        PagerDutyFake.acceptAll();
    }

    @Test
    void oneIncidentsEventsInOneBatchAreQueuedInOrderAndEachOrganisationUsesItsOwnRouting() {
        String first = Api.newOrg();
        String second = Api.newOrg();
        Api.pagerDuty(first, PAGE_ALL.formatted("first-org-key"));
        Api.pagerDuty(second, PAGE_ALL.formatted("second-org-key"));
        UUID resolved = UUID.randomUUID();
        UUID stillOpen = UUID.randomUUID();
        UUID tooMinor = UUID.randomUUID();
        JsonObject opened = Events.incident(first, resolved, "SEV1", "declared", List.of("checkout-api"));
        JsonObject closed = opened.copy().put("status", "resolved");

        pool.withTransaction(tx -> planner.planAll(tx, List.of(
                event("incident.created", opened, new JsonObject()),
                event("incident.created", Events.incident(second, stillOpen, "SEV2", "declared", List.of("search")), new JsonObject()),
                event("incident.created", Events.incident(first, tooMinor, "SEV4", "declared", List.of("docs")), new JsonObject()),
                event("incident.status_changed", closed, new JsonObject().put("from", "declared").put("to", "resolved")))))
                .await().atMost(Duration.ofSeconds(10));

        Deliveries.awaitSettled(resolved, 2);
        assertThat(Deliveries.of(resolved)).extracting(d -> d.get("action") + "/" + d.get("status"))
                .containsExactly("trigger/delivered", "resolve/delivered");
        Deliveries.awaitSettled(stillOpen, 1);
        assertThat(PagerDutyFake.bodies(stillOpen)).singleElement()
                .satisfies(body -> assertThat(body.getString("routing_key")).isEqualTo("second-org-key"));
        assertThat(PagerDutyFake.bodies(resolved)).extracting(body -> body.getString("routing_key"))
                .containsOnly("first-org-key");
        assertThat(Deliveries.of(tooMinor)).isEmpty();
        assertThat(TestDatabase.count("SELECT count(*) FROM notifier.incident_state WHERE incident_id = ?::uuid AND pagerduty_open",
                resolved.toString())).isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM notifier.incident_state WHERE incident_id = ?::uuid AND pagerduty_open",
                stillOpen.toString())).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM notifier.incident_state WHERE incident_id = ?::uuid",
                tooMinor.toString())).isEqualTo(1);
    }

    private static IncidentEventData event(String type, JsonObject incident, JsonObject change) {
        return new IncidentEventData(UUID.randomUUID().toString(), type, incident.getString("org"),
                UUID.fromString(incident.getString("id")), Instant.now(), incident, change,
                new JsonObject().put("incident", incident).put("change", change));
    }
}
