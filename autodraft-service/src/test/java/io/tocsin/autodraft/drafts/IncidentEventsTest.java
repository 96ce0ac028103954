package io.tocsin.autodraft.drafts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.autodraft.support.Api;
import io.tocsin.autodraft.support.Bus;
import io.tocsin.devstack.testing.TestBroker;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.contracts.Addresses;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** autodraft learns its drafts' fate from incident-service's events, idempotently. */
@QuarkusTest
class IncidentEventsTest {

    @BeforeAll
    static void listen() {
        Bus.listen();
    }

    @Test
    void draftsPublicationsAndAppendsAreAuditedOnTheMetric() {
        String org = Api.newOrg();
        Api.metric(org, "checkout-error-rate", "immediate", "major");
        UUID incident = UUID.randomUUID();
        Instant now = Instant.now();
        String drafted = Bus.sendIncidentEvent("incident.auto_drafted", org, incident, Bus.autoDraftData(org, incident,
                "checkout-error-rate", "draft", now, new JsonObject().put("metric", "checkout-error-rate")
                        .put("publishUrl", "https://x/p").put("dismissUrl", "https://x/d")), now);
        UUID other = UUID.randomUUID();
        Bus.sendIncidentEvent("incident.signal_appended", org, other, Bus.autoDraftData(org, other, "checkout-error-rate",
                "investigating", now, new JsonObject().put("metric", "checkout-error-rate")), now);
        Bus.sendIncidentEvent("incident.auto_published", org, incident, Bus.autoDraftData(org, incident, "checkout-error-rate",
                "declared", now, new JsonObject().put("from", "draft").put("to", "declared").put("by", "u-alice")
                        .put("metric", "checkout-error-rate")), now);
        await().atMost(Duration.ofSeconds(10)).until(() -> "published".equals(ExpiryTest.status(org, incident)));
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM autodraft.audit WHERE org_id = ? AND kind LIKE 'incident.%'", org) == 3);

        var audit = Api.as(org, "viewer").get("/api/metrics/checkout-error-rate/audit").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getList("items.kind")).containsExactly("incident.auto_published", "incident.signal_appended",
                "incident.auto_drafted", "metric.policy_changed");
        assertThat(audit.getString("items[0].incidentId")).isEqualTo(incident.toString());
        assertThat(audit.getString("items[0].details.by")).isEqualTo("u-alice");
        assertThat(audit.getString("items[1].incidentId")).isEqualTo(other.toString());
        assertThat(audit.getString("items[2].incidentId")).isEqualTo(incident.toString());
        assertThat(audit.getString("items[2].details.reference")).isEqualTo("INC-2026-0001");
        // The signed links are capabilities: they are not copied into the audit log.
        assertThat(audit.getMap("items[2].details")).doesNotContainKeys("publishUrl", "dismissUrl");

        // A redelivered event has no second effect.
        TestBroker.sendCloudEvent(Addresses.INCIDENT_EVENTS, drafted, "io.tocsin.incident.auto_drafted", org,
                Bus.autoDraftData(org, incident, "checkout-error-rate", "draft", now, new JsonObject().put("metric",
                        "checkout-error-rate")).encode());
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM autodraft.inbox WHERE consumer = 'incident-events' AND message_id = ?", drafted) == 1);
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.audit WHERE org_id = ? AND kind = 'incident.auto_drafted'",
                org)).isEqualTo(1);
    }

    @Test
    void otherEventTypesAreSkippedAndBrokenAutoDraftEventsAreDeadLettered() {
        String org = Api.newOrg();
        UUID incident = UUID.randomUUID();
        Instant now = Instant.now();
        String created = Bus.sendIncidentEvent("incident.created", org, incident, Bus.autoDraftData(org, incident, "x",
                "declared", now, new JsonObject()), now);
        JsonObject noMetric = Bus.autoDraftData(org, incident, "x", "draft", now, new JsonObject());
        noMetric.getJsonObject("incident").put("source", new JsonObject().put("kind", "manual"));
        String broken = Bus.sendIncidentEvent("incident.auto_drafted", org, incident, noMetric, now);

        await().atMost(Duration.ofSeconds(10)).until(() -> !Bus.deadLetters(broken).isEmpty());
        assertThat(Bus.deadLetters(created)).isEmpty();
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.drafts WHERE org_id = ?", org)).isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.audit WHERE org_id = ?", org)).isZero();
    }
}
