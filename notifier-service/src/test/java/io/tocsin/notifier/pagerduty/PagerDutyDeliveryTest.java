package io.tocsin.notifier.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.notifier.support.Api;
import io.tocsin.notifier.support.Deliveries;
import io.tocsin.notifier.support.Events;
import io.tocsin.notifier.support.PagerDutyFake;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Incidents page PagerDuty through the Events API v2: when, where, and with exactly what. */
@QuarkusTest
class PagerDutyDeliveryTest {

    static final String RULES = "{\"routingRules\":[{\"service_pattern\":\"payment-*\",\"service_key\":\"payments-team-key\"},"
            + "{\"service_pattern\":\"infra-*\",\"service_key\":\"platform-team-key\"},"
            + "{\"service_pattern\":\"*\",\"service_key\":\"default-key\"}],\"minimumSeverity\":\"SEV2\"}";

    @BeforeAll
    static void pagerDuty() {
        PagerDutyFake.acceptAll();
    }

    @Test
    void triggerThenResolveReachPagerDutyInOrderWithTheExactJson() {
        String org = Api.newOrg();
        Api.pagerDuty(org, RULES);
        UUID id = UUID.randomUUID();
        JsonObject incident = Events.incident(org, id, "SEV1", "declared", List.of("checkout-api", "payment-api"));
        incident.put("customFields", new JsonObject().put("root_cause", "DB connection pool exhausted")
                .put("suggested_actions", new JsonArray().add("Scale to 5 pods")).put("rca_confidence", 0.92));

        Events.send("incident.created", incident, new JsonObject());
        Events.statusChanged(incident, "declared", "investigating");
        Events.statusChanged(incident, "investigating", "resolved");

        await().atMost(Duration.ofSeconds(20)).until(() -> PagerDutyFake.requests(id).size() == 2);
        List<JsonObject> bodies = PagerDutyFake.bodies(id);
        assertThat(bodies.get(0)).isEqualTo(new JsonObject()
                .put("routing_key", "payments-team-key")
                .put("event_action", "trigger")
                .put("dedup_key", "tocsin-" + id)
                .put("payload", new JsonObject()
                        .put("summary", "INC-2026-0042: Checkout error rate above 5%")
                        .put("severity", "critical")
                        .put("source", "tocsin")
                        .put("component", "checkout-api")
                        .put("group", "production")
                        .put("custom_details", new JsonObject()
                                .put("incident_id", id.toString())
                                .put("reference", "INC-2026-0042")
                                .put("root_cause", "DB connection pool exhausted")
                                .put("blast_radius", new JsonArray().add("checkout-api").add("payment-api"))
                                .put("suggested_actions", new JsonArray().add("Scale to 5 pods"))
                                .put("rca_confidence", 0.92)
                                .put("tocsin_url", "http://tocsin.test/api/incidents/" + id))));
        assertThat(bodies.get(1)).isEqualTo(new JsonObject().put("routing_key", "payments-team-key")
                .put("event_action", "resolve").put("dedup_key", "tocsin-" + id));

        Deliveries.awaitSettled(id, 2);
        assertThat(Deliveries.of(id)).extracting(d -> d.get("action") + "/" + d.get("status"))
                .containsExactly("trigger/delivered", "resolve/delivered");
    }

    @Test
    void routingKeysFollowTheFirstMatchingRuleAndTheStarDefault() {
        String org = Api.newOrg();
        Api.pagerDuty(org, RULES);
        UUID infra = UUID.randomUUID();
        UUID search = UUID.randomUUID();
        UUID none = UUID.randomUUID();
        Events.send("incident.created", Events.incident(org, infra, "SEV2", "declared", List.of("infra-db")), new JsonObject());
        Events.send("incident.created", Events.incident(org, search, "SEV2", "declared", List.of("search")), new JsonObject());
        Events.send("incident.created", Events.incident(org, none, "SEV2", "declared", List.of()), new JsonObject());

        await().atMost(Duration.ofSeconds(20)).until(() -> PagerDutyFake.requests(infra).size() == 1
                && PagerDutyFake.requests(search).size() == 1 && PagerDutyFake.requests(none).size() == 1);
        assertThat(PagerDutyFake.bodies(infra).get(0).getString("routing_key")).isEqualTo("platform-team-key");
        assertThat(PagerDutyFake.bodies(search).get(0).getString("routing_key")).isEqualTo("default-key");
        JsonObject noServices = PagerDutyFake.bodies(none).get(0);
        assertThat(noServices.getString("routing_key")).isEqualTo("default-key");
        assertThat(noServices.getJsonObject("payload").containsKey("component")).isFalse();
        assertThat(noServices.getJsonObject("payload").getString("severity")).isEqualTo("error");
    }

    @Test
    void severitiesBelowTheMinimumDoNotPageUntilRaisedToIt() {
        String org = Api.newOrg();
        Api.pagerDuty(org, RULES);
        UUID id = UUID.randomUUID();
        JsonObject incident = Events.incident(org, id, "SEV3", "declared", List.of("search"));
        String created = Events.send("incident.created", incident, new JsonObject());
        Deliveries.awaitConsumed(created);
        assertThat(Deliveries.count(id, "pagerduty")).isZero();

        incident.put("severity", "SEV2");
        Events.send("incident.severity_changed", incident, new JsonObject().put("from", "SEV3").put("to", "SEV2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> PagerDutyFake.requests(id).size() == 1);
        assertThat(PagerDutyFake.bodies(id).get(0).getJsonObject("payload").getString("severity")).isEqualTo("error");

        // Drafts never page, whatever their severity.
        UUID draft = UUID.randomUUID();
        String drafted = Events.send("incident.created", Events.incident(org, draft, "SEV1", "draft", List.of("search")),
                new JsonObject());
        Deliveries.awaitConsumed(drafted);
        assertThat(Deliveries.count(draft, "pagerduty")).isZero();
    }

    @Test
    void aKnownAnomalyScoreSetsTheSeverityAndPublishingADraftPages() {
        String org = Api.newOrg();
        Api.pagerDuty(org, RULES);
        UUID id = UUID.randomUUID();
        JsonObject draft = Events.incident(org, id, "SEV2", "draft", List.of("checkout-api")).put("autoDrafted", true);
        Events.send("incident.auto_drafted", draft, new JsonObject().put("metric", "checkout-error-rate").put("score", 0.65));
        Events.send("incident.signal_appended", draft, new JsonObject().put("metric", "checkout-error-rate").put("score", 0.93));
        draft.put("status", "declared");
        Events.send("incident.auto_published", draft, new JsonObject().put("from", "draft").put("to", "declared")
                .put("by", "u-bob").put("metric", "checkout-error-rate"));

        await().atMost(Duration.ofSeconds(20)).until(() -> PagerDutyFake.requests(id).size() == 1);
        assertThat(PagerDutyFake.bodies(id).get(0).getJsonObject("payload").getString("severity")).isEqualTo("critical");
    }

    @Test
    void aChangePagerDutyMadeIsNotSentBackToIt() {
        String org = Api.newOrg();
        Api.pagerDuty(org, RULES);
        UUID id = UUID.randomUUID();
        JsonObject incident = Events.incident(org, id, "SEV1", "declared", List.of("payment-api"));
        Events.send("incident.created", incident, new JsonObject());
        await().atMost(Duration.ofSeconds(20)).until(() -> PagerDutyFake.requests(id).size() == 1);

        // Resolved in PagerDuty: incident-service's event carries the origin, and PagerDuty is not told again.
        incident.put("status", "resolved");
        String resolved = Events.send("incident.status_changed", incident, new JsonObject().put("from", "declared")
                .put("to", "resolved").put("origin", "pagerduty"));
        Deliveries.awaitConsumed(resolved);
        assertThat(Deliveries.count(id, "pagerduty")).isEqualTo(1);

        // Reopened in Tocsin: PagerDuty closed it, so it is paged again.
        Events.statusChanged(incident, "resolved", "investigating");
        await().atMost(Duration.ofSeconds(20)).until(() -> PagerDutyFake.requests(id).size() == 2);
        assertThat(PagerDutyFake.bodies(id)).extracting(b -> b.getString("event_action")).containsExactly("trigger", "trigger");
    }
}
