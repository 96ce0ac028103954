package io.tocsin.notifier.incidentio.imports;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.notifier.support.Api;
import io.tocsin.notifier.support.Deliveries;
import io.tocsin.notifier.support.Events;
import io.tocsin.notifier.support.Fakes;
import io.tocsin.notifier.support.PagerDutyFake;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Incidents imported from incident.io (source.kind incident_io) are run there: the notifier pages
 * nobody for them and does not create them in incident.io again (that would echo them back), but
 * webhook subscribers, being event feeds, still get their events.
 */
@QuarkusTest
class ImportedIncidentDeliveryTest {

    @Test
    void anImportedIncidentGoesToWebhooksOnlyWhileALikeTocsinIncidentIsPagedAndCreated() {
        String org = Api.newOrg();
        PagerDutyFake.acceptAll();
        Api.pagerDuty(org, "{\"routingRules\":[{\"service_pattern\":\"*\",\"service_key\":\"pd-key-" + org + "\"}]}");
        Api.incidentIo(org, "{\"apiToken\":\"incident-io-" + org + "\"}");
        String hook = "/hooks/" + UUID.randomUUID();
        Fakes.http().stubFor(post(urlEqualTo(hook)).willReturn(aResponse().withStatus(204)));
        Api.admin(org).body("{\"url\":\"" + Fakes.httpBase() + hook + "\",\"events\":[]}").post("/api/webhooks").then()
                .statusCode(201);

        UUID imported = UUID.randomUUID();
        JsonObject incident = Events.incident(org, imported, "SEV1", "investigating", List.of("payments"))
                .put("source", new JsonObject().put("kind", "incident_io").put("externalId", "01HQ3ZK5X7V9B2N4M6P8R0T2W4"));
        List<String> events = List.of(
                Events.send("incident.created", incident, new JsonObject().put("origin", "incident_io")),
                // Changed in Tocsin afterwards (no incident.io origin on the change): still neither paged nor sent there.
                Events.send("incident.severity_changed", incident.copy().put("severity", "SEV2"),
                        new JsonObject().put("from", "SEV1").put("to", "SEV2")),
                Events.statusChanged(incident, "investigating", "resolved"));

        UUID runInTocsin = UUID.randomUUID();
        Fakes.http().stubFor(post(urlEqualTo("/incident-io/v2/incidents"))
                .withRequestBody(matchingJsonPath("$.idempotency_key", equalTo(runInTocsin.toString())))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"incident\":{\"id\":\"01NATIVE\"}}")));
        Events.send("incident.created", Events.incident(org, runInTocsin, "SEV1", "investigating", List.of("payments")),
                new JsonObject());

        events.forEach(Deliveries::awaitConsumed);
        Deliveries.awaitStored(runInTocsin, 3);
        Deliveries.awaitSettled(imported, 3);
        assertThat(Deliveries.of(imported)).extracting(d -> d.get("destination").toString())
                .allMatch(destination -> destination.startsWith("webhook:"));
        assertThat(Deliveries.of(imported)).extracting(d -> d.get("event_type"))
                .containsExactly("incident.created", "incident.severity_changed", "incident.status_changed");
        assertThat(Deliveries.count(imported, "pagerduty")).isZero();
        assertThat(Deliveries.count(imported, "incident_io")).isZero();
        assertThat(PagerDutyFake.requests(imported)).isEmpty();
        // The control: the same incident run in Tocsin is paged and created in incident.io.
        assertThat(Deliveries.of(runInTocsin)).extracting(d -> d.get("destination").toString().replaceAll(":.*", ""))
                .containsExactlyInAnyOrder("pagerduty", "incident_io", "webhook");
    }
}
