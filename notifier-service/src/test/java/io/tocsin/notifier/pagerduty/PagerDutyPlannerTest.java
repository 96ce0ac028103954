package io.tocsin.notifier.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.notifier.events.IncidentEventData;
import io.tocsin.notifier.events.IncidentState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PagerDutyPlannerTest {

    static final PagerDutyConfig CONFIG = new PagerDutyConfig(true, List.of(new RoutingRule("*", "key")), null, "SEV2", List.of(),
            null, true);

    @Test
    void severityComesFromTheScoreWhenOneIsKnownElseFromTheIncident() {
        assertThat(PagerDutyPlanner.severity("SEV1", null)).isEqualTo("critical");
        assertThat(PagerDutyPlanner.severity("SEV2", null)).isEqualTo("error");
        assertThat(PagerDutyPlanner.severity("SEV3", null)).isEqualTo("warning");
        assertThat(PagerDutyPlanner.severity("SEV4", null)).isEqualTo("info");
        assertThat(PagerDutyPlanner.severity("SEV4", 0.93)).isEqualTo("critical");
        assertThat(PagerDutyPlanner.severity("SEV1", 0.8)).isEqualTo("critical");
        assertThat(PagerDutyPlanner.severity("SEV1", 0.65)).isEqualTo("error");
        assertThat(PagerDutyPlanner.severity("SEV1", 0.6)).isEqualTo("error");
        assertThat(PagerDutyPlanner.severity("SEV1", 0.45)).isEqualTo("warning");
        assertThat(PagerDutyPlanner.severity("SEV1", 0.2)).isEqualTo("critical");
    }

    @Test
    void theSummaryIsCutAt1024Characters() {
        IncidentEventData event = event("incident.created", "declared", "SEV1", new JsonObject());
        event.incident().put("title", "x".repeat(2000));
        JsonObject body = PagerDutyPlanner.plan(event, CONFIG, IncidentState.NEW, "http://t").send().orElseThrow().body();
        assertThat(body.getJsonObject("payload").getString("summary")).hasSize(1024).endsWith("…");
    }

    @Test
    void onlyPublishedIncidentsAtOrAboveTheMinimumAreTriggeredAndOnlyTriggeredOnesResolved() {
        assertThat(plan(event("incident.created", "declared", "SEV2", new JsonObject()), IncidentState.NEW)).isEqualTo("trigger");
        assertThat(plan(event("incident.created", "declared", "SEV3", new JsonObject()), IncidentState.NEW)).isNull();
        assertThat(plan(event("incident.created", "draft", "SEV1", new JsonObject()), IncidentState.NEW)).isNull();
        assertThat(plan(event("incident.updated", "declared", "SEV1", new JsonObject()), IncidentState.NEW)).isNull();
        JsonObject resolve = new JsonObject().put("from", "investigating").put("to", "resolved");
        assertThat(plan(event("incident.status_changed", "resolved", "SEV1", resolve), IncidentState.NEW)).isNull();
        IncidentState open = IncidentState.NEW.withPagerDuty(true, "key");
        assertThat(plan(event("incident.status_changed", "resolved", "SEV1", resolve), open)).isEqualTo("resolve");
        assertThat(plan(event("incident.created", "declared", "SEV1", new JsonObject()), open)).isNull();
        JsonObject echo = resolve.copy().put("origin", "pagerduty");
        PagerDutyPlanner.Decision decision = PagerDutyPlanner.plan(event("incident.status_changed", "resolved", "SEV1", echo),
                CONFIG, open, "http://t");
        assertThat(decision.send()).isEmpty();
        assertThat(decision.openAfter()).isFalse();
        PagerDutyConfig disabled = new PagerDutyConfig(false, CONFIG.routingRules(), null, "SEV2", List.of(), null, true);
        assertThat(PagerDutyPlanner.plan(event("incident.created", "declared", "SEV1", new JsonObject()), disabled,
                IncidentState.NEW, "http://t").send()).isEmpty();
    }

    @Test
    void incidentsImportedFromIncidentIoAreNeverPaged() {
        IncidentEventData imported = event("incident.created", "investigating", "SEV1", new JsonObject());
        imported.incident().put("source", new JsonObject().put("kind", "incident_io").put("externalId", "01HQ3"));
        PagerDutyPlanner.Decision decision = PagerDutyPlanner.plan(imported, CONFIG, IncidentState.NEW, "http://t");
        assertThat(decision.send()).isEmpty();
        assertThat(decision.openAfter()).isFalse();
        IncidentEventData manual = event("incident.created", "investigating", "SEV1", new JsonObject());
        manual.incident().put("source", new JsonObject().put("kind", "manual"));
        assertThat(plan(manual, IncidentState.NEW)).isEqualTo("trigger");
    }

    private static String plan(IncidentEventData event, IncidentState state) {
        return PagerDutyPlanner.plan(event, CONFIG, state, "http://t").send().map(PagerDutyPlanner.Send::action).orElse(null);
    }

    static IncidentEventData event(String type, String status, String severity, JsonObject change) {
        UUID id = UUID.randomUUID();
        JsonObject incident = new JsonObject().put("id", id.toString()).put("org", "acme").put("status", status)
                .put("severity", severity).put("title", "t").put("services", new JsonArray().add("a"));
        return new IncidentEventData("e", type, "acme", id, Instant.now(), incident, change,
                new JsonObject().put("incident", incident).put("change", change));
    }
}
