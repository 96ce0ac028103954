package io.tocsin.notifier.incidentio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import org.hamcrest.Matchers;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.notifier.support.Api;
import io.tocsin.notifier.support.Deliveries;
import io.tocsin.notifier.support.Events;
import io.tocsin.notifier.support.Fakes;
import io.tocsin.notifier.support.TestClock;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SEV1/SEV2 incidents are created in incident.io, idempotently, and resolved there by status name. */
@QuarkusTest
class IncidentIoTest {

    static final String BASE = "/incident-io";

    @Inject
    TestClock clock;

    @BeforeAll
    static void incidentIo() {
        var http = Fakes.http();
        http.stubFor(get(urlEqualTo(BASE + "/v1/severities")).willReturn(okJson("{\"severities\":["
                + "{\"id\":\"01SEVMINOR\",\"name\":\"Minor\",\"rank\":1},{\"id\":\"01SEVMAJOR\",\"name\":\"Major\",\"rank\":2},"
                + "{\"id\":\"01SEVCRITICAL\",\"name\":\"Critical\",\"rank\":3}]}")));
        http.stubFor(get(urlEqualTo(BASE + "/v1/incident_statuses")).willReturn(okJson("{\"incident_statuses\":["
                + "{\"id\":\"01STATINV\",\"name\":\"Investigating\",\"category\":\"live\"},"
                + "{\"id\":\"01STATFIXED\",\"name\":\"Fixed\",\"category\":\"closed\"}]}")));
        http.stubFor(post(com.github.tomakehurst.wiremock.client.WireMock.urlMatching(BASE + "/v2/incidents/[^/]+/actions/edit"))
                .willReturn(okJson("{\"incident\":{}}")));
    }

    @BeforeEach
    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aSev1IsCreatedWithItsIdAsIdempotencyKeyAndTheCriticalSeverityThenResolvedByStatusName() {
        String org = Api.newOrg();
        Api.incidentIo(org, "{\"apiToken\":\"incident-io-token-5678\",\"resolvedStatusName\":\"Fixed\",\"notifyChannel\":true}");
        UUID id = UUID.randomUUID();
        String incidentIoId = "01INC" + id.toString().substring(0, 8);
        Fakes.http().stubFor(createFor(id).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"incident\":{\"id\":\"" + incidentIoId + "\",\"reference\":\"INC-7\"}}")));

        JsonObject incident = Events.incident(org, id, "SEV1", "declared", List.of("checkout-api"));
        Events.send("incident.created", incident, new JsonObject());
        incident.put("severity", "SEV2");
        Events.send("incident.severity_changed", incident, new JsonObject().put("from", "SEV1").put("to", "SEV2"));
        Events.statusChanged(incident, "declared", "resolved");

        await().atMost(Duration.ofSeconds(20)).until(() -> edits(incidentIoId).size() == 2);
        LoggedRequest create = creates(id).get(0);
        assertThat(create.getHeader("Authorization")).isEqualTo("Bearer incident-io-token-5678");
        JsonObject body = new JsonObject(create.getBodyAsString());
        assertThat(body.getString("idempotency_key")).isEqualTo(id.toString());
        assertThat(body.getString("name")).isEqualTo("Checkout error rate above 5%");
        assertThat(body.getString("summary")).contains("INC-2026-0042").contains("checkout-api")
                .contains("http://tocsin.test/api/incidents/" + id);
        assertThat(body.getString("severity_id")).isEqualTo("01SEVCRITICAL");
        assertThat(body.getString("visibility")).isEqualTo("public");
        assertThat(body.getString("mode")).isEqualTo("standard");
        assertThat(body.containsKey("incident_type_id")).isFalse();

        // The severity change follows (the incident.io severity named like Tocsin's: SEV2 = Major).
        assertThat(new JsonObject(edits(incidentIoId).get(0).getBodyAsString())).isEqualTo(new JsonObject()
                .put("incident", new JsonObject().put("severity_id", "01SEVMAJOR")).put("notify_incident_channel", true));
        JsonObject edit = new JsonObject(edits(incidentIoId).get(1).getBodyAsString());
        assertThat(edit).isEqualTo(new JsonObject().put("incident", new JsonObject().put("incident_status_id", "01STATFIXED"))
                .put("notify_incident_channel", true));
        assertThat(TestDatabase.rows("SELECT incident_io_id FROM notifier.incident_state WHERE incident_id = ?", id).get(0)
                .get("incident_io_id")).isEqualTo(incidentIoId);
        Deliveries.awaitSettled(id, 3);
        assertThat(Deliveries.of(id)).extracting(d -> d.get("destination") + "/" + d.get("action") + "/" + d.get("status"))
                .containsExactly("incident_io/create/delivered", "incident_io/severity/delivered", "incident_io/resolve/delivered");
    }

    @Test
    void configuredIdsAreUsedLowSeveritiesAreNotSentAndRateLimitsAreHonoured() {
        String org = Api.newOrg();
        Api.incidentIo(org, "{\"apiToken\":\"incident-io-token-9999\",\"severityId\":\"01SEVCUSTOM\","
                + "\"incidentTypeId\":\"01TYPEPLATFORM\"}");
        UUID low = UUID.randomUUID();
        String lowEvent = Events.send("incident.created", Events.incident(org, low, "SEV3", "declared", List.of()), new JsonObject());
        Deliveries.awaitConsumed(lowEvent);
        assertThat(Deliveries.count(low, "incident_io")).isZero();

        UUID id = UUID.randomUUID();
        String scenario = "incident-io-" + id;
        Fakes.http().stubFor(createFor(id).inScenario(scenario).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")).willSetStateTo("open"));
        Fakes.http().stubFor(createFor(id).inScenario(scenario).whenScenarioStateIs("open")
                .willReturn(okJson("{\"incident\":{\"id\":\"01INCRATE\"}}")));
        Events.send("incident.created", Events.incident(org, id, "SEV2", "investigating", List.of()), new JsonObject());

        await().atMost(Duration.ofSeconds(20)).until(() -> "HTTP 429".equals(Deliveries.of(id).get(0).get("last_error")));
        assertThat(creates(id)).hasSize(1);
        clock.advance(Duration.ofSeconds(60));
        Deliveries.awaitSettled(id, 1);
        assertThat(Deliveries.of(id).get(0).get("status")).isEqualTo("delivered");
        JsonObject body = new JsonObject(creates(id).get(1).getBodyAsString());
        assertThat(body.getString("severity_id")).isEqualTo("01SEVCUSTOM");
        assertThat(body.getString("incident_type_id")).isEqualTo("01TYPEPLATFORM");
        assertThat(body.getString("idempotency_key")).isEqualTo(id.toString());
        // No resolved status name configured: resolving in Tocsin sends nothing to incident.io.
        JsonObject resolved = Events.incident(org, id, "SEV2", "investigating", List.of());
        String resolveEvent = Events.statusChanged(resolved, "investigating", "resolved");
        Deliveries.awaitConsumed(resolveEvent);
        assertThat(Deliveries.count(id, "incident_io")).isEqualTo(1);
    }

    @Test
    void theTokenIsMaskedAndStoredEncrypted() {
        String org = Api.newOrg();
        Api.incidentIo(org, "{\"apiToken\":\"incident-io-secret-token-4321\",\"resolvedStatusName\":\"Fixed\"}");
        Api.admin(org).get("/api/integrations/incident-io").then().statusCode(200)
                .body("apiToken", Matchers.equalTo("****4321"))
                .body("resolvedStatusName", Matchers.equalTo("Fixed"));
        byte[] stored = (byte[]) TestDatabase.rows("SELECT secrets FROM notifier.integrations WHERE org_id = ?", org).get(0)
                .get("secrets");
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("incident-io-secret");
        // Leaving the token out keeps it.
        Api.incidentIo(org, "{\"resolvedStatusName\":\"Resolved\"}");
        Api.admin(org).get("/api/integrations/incident-io").then().body("apiToken", Matchers.equalTo("****4321"));
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder createFor(UUID id) {
        return post(urlEqualTo(BASE + "/v2/incidents")).withRequestBody(matchingJsonPath("$.idempotency_key", equalTo(id.toString())));
    }

    private static List<LoggedRequest> creates(UUID id) {
        return Fakes.http().findAll(postRequestedFor(urlEqualTo(BASE + "/v2/incidents"))
                .withRequestBody(matchingJsonPath("$.idempotency_key", equalTo(id.toString()))));
    }

    private static List<LoggedRequest> edits(String incidentIoId) {
        return Fakes.http().findAll(postRequestedFor(urlEqualTo(BASE + "/v2/incidents/" + incidentIoId + "/actions/edit")));
    }
}
