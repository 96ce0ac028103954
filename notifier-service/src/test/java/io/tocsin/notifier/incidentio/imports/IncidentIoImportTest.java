package io.tocsin.notifier.incidentio.imports;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.tocsin.contracts.Addresses;
import io.tocsin.devstack.testing.TestBroker;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.notifier.support.Api;
import io.tocsin.notifier.support.Fakes;
import io.tocsin.notifier.support.TestClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The incident.io import: pages of incident.io's incident list (a WireMock fake) become one
 * {@code import_incident} command per incident, read here from the broker; a failure midway
 * resumes from the failed page; unchanged incidents are never sent again.
 */
@QuarkusTest
class IncidentIoImportTest {

    static final String PATH = "/api/integrations/incident-io/import";
    static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    TestClock clock;

    @Inject
    IncidentIoImporter importer;

    /** This test's organisation and its incident.io API token (the fake answers per token). */
    private String org;
    private String token;
    private String first;
    private String second;
    private String third;

    @BeforeAll
    static void listen() {
        TestBroker.listen(Addresses.INCIDENT_COMMANDS);
    }

    @BeforeEach
    void organisation() {
        clock.reset();
        org = Api.newOrg();
        token = "incident-io-" + UUID.randomUUID();
        Api.incidentIo(org, "{\"apiToken\":\"" + token + "\"}");
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
        first = "01FIRST" + unique;
        second = "01SECOND" + unique;
        third = "01THIRD" + unique;
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void pagesOfIncidentsBecomeOneImportCommandEachWithTheirFields() {
        twoPages();

        JsonPath started = Api.admin(org).post(PATH).then().statusCode(202).extract().jsonPath();
        assertThat(started.getBoolean("runRequested")).isTrue();
        JsonPath done = awaitState("completed");

        List<TestBroker.Event> commands = byExternalId(awaitCommands(3), first, second, third);
        for (TestBroker.Event command : commands) {
            assertThat(command.type()).isEqualTo("io.tocsin.command.import_incident");
            assertThat(command.source()).isEqualTo("/orgs/" + org + "/integrations/incident-io");
            assertThat(command.id()).isEqualTo(command.data().getString("commandId"));
            assertThat(command.subject()).isEqualTo(command.data().getString("externalId"));
            assertThat(command.data().getString("org")).isEqualTo(org);
            assertThat(command.data().getString("origin")).isEqualTo("incident_io");
        }
        JsonObject detailed = commands.get(0).data();
        assertThat(detailed.getString("name")).isEqualTo("Card payments declined for EU customers");
        assertThat(detailed.getString("summary")).isEqualTo("Stripe webhooks timed out; ~30% of EU card payments were declined.");
        assertThat(detailed.getString("severity")).isEqualTo("SEV2");
        assertThat(detailed.getString("status")).isEqualTo("resolved");
        assertThat(detailed.getJsonArray("services")).isEqualTo(new JsonArray().add("Payments").add("Checkout API"));
        assertThat(detailed.getJsonObject("customFields")).isEqualTo(new JsonObject()
                .put("Affected Teams", new JsonArray().add("Payments").add("Checkout"))
                .put("Detection Method", "Alert")
                .put("Affected services", new JsonArray().add("Payments").add("Checkout API"))
                .put("Customers affected", 1250)
                .put("Postmortem doc", "https://docs.example.com/pm/412"));
        assertThat(Instant.parse(detailed.getString("declaredAt"))).isEqualTo(Instant.parse("2026-03-15T09:20:31.801578Z"));
        assertThat(Instant.parse(detailed.getString("impactStartedAt"))).isEqualTo(Instant.parse("2026-03-15T09:12:00Z"));
        assertThat(Instant.parse(detailed.getString("acknowledgedAt"))).isEqualTo(Instant.parse("2026-03-15T09:24:02Z"));
        assertThat(Instant.parse(detailed.getString("resolvedAt"))).isEqualTo(Instant.parse("2026-03-15T11:05:47Z"));
        assertThat(detailed.getString("url")).isEqualTo("https://app.incident.io/acme/incidents/" + first);
        JsonObject live = commands.get(1).data();
        assertThat(live.getString("severity")).isEqualTo("SEV1");
        assertThat(live.getString("status")).isEqualTo("investigating");
        assertThat(live.getValue("resolvedAt")).isNull();
        assertThat(commands.get(2).data().getString("status")).isEqualTo("dismissed");

        assertThat(IncidentIoFake.cursors(token)).containsExactly("", second);
        assertThat(done.getInt("pages")).isEqualTo(2);
        assertThat(done.getInt("incidents")).isEqualTo(3);
        assertThat(done.getInt("commandsSent")).isEqualTo(3);
        assertThat(done.getLong("commandsTotal")).isEqualTo(3);
        assertThat(done.getString("cursor")).isNull();
        assertThat(done.getBoolean("enabled")).isFalse();
        assertThat(done.getString("nextRunAt")).isNull();
        assertThat(done.getBoolean("runRequested")).isFalse();
        assertThat(done.getString("lastError")).isNull();
    }

    @Test
    void aFailureMidwayResumesFromTheFailedPageAndSendsNothingTwice() {
        String scenario = "import-" + org;
        Fakes.http().stubFor(IncidentIoFake.page(token, null).atPriority(5)
                .willReturn(okJson(IncidentIoFake.body(second, IncidentIoFake.detailed(first), live(second)))));
        Fakes.http().stubFor(IncidentIoFake.page(token, second).atPriority(5).inScenario(scenario).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500).withHeader("Retry-After", "3600").withBody("upstream hiccup"))
                .willSetStateTo("recovered"));
        Fakes.http().stubFor(IncidentIoFake.page(token, second).atPriority(5).inScenario(scenario).whenScenarioStateIs("recovered")
                .willReturn(okJson(IncidentIoFake.body(null, declined(third)))));

        Api.admin(org).post(PATH).then().statusCode(202);
        JsonPath retrying = awaitState("retrying");
        assertThat(retrying.getInt("lastStatusCode")).isEqualTo(500);
        assertThat(retrying.getString("lastError")).isEqualTo("HTTP 500: upstream hiccup");
        assertThat(retrying.getString("cursor")).isEqualTo(second);
        assertThat(retrying.getInt("failures")).isEqualTo(1);
        assertThat(retrying.getInt("pages")).isEqualTo(1);
        // An hour away (its Retry-After), so that the retry waits for the clock, not for this machine's speed.
        assertThat(Duration.between(Instant.parse(retrying.getString("updatedAt")), Instant.parse(retrying.getString("nextRunAt"))))
                .isEqualTo(Duration.ofHours(1));
        assertThat(awaitCommands(2)).extracting(c -> c.data().getString("externalId")).containsExactlyInAnyOrder(first, second);

        // The wait is over: the next round asks for page 2 again, not page 1.
        clock.advance(Duration.ofMinutes(61));
        JsonPath done = awaitState("completed");
        assertThat(awaitCommands(3)).extracting(c -> c.data().getString("externalId"))
                .containsExactlyInAnyOrder(first, second, third);
        assertThat(IncidentIoFake.cursors(token)).containsExactly("", second, second);
        assertThat(done.getInt("pages")).isEqualTo(2);
        assertThat(done.getInt("commandsSent")).isEqualTo(3);
        assertThat(done.getInt("failures")).isZero();
        assertThat(done.getString("lastError")).isNull();
        assertThat(TestDatabase.count("SELECT count(*) FROM notifier.outbox WHERE org_id = ?", org)).isEqualTo(3);
    }

    @Test
    void reimportingUnchangedIncidentsSendsNothingAndAChangedOneIsSentOnce() {
        twoPages();
        Api.admin(org).post(PATH).then().statusCode(202);
        String firstPass = awaitState("completed").getString("lastCompletedAt");
        awaitCommands(3);

        Api.admin(org).post(PATH).then().statusCode(202);
        JsonPath again = awaitCompletedAfter(firstPass);
        assertThat(again.getInt("incidents")).isEqualTo(3);
        assertThat(again.getInt("commandsSent")).isZero();
        assertThat(IncidentIoFake.cursors(token)).containsExactly("", second, "", second);
        assertThat(TestDatabase.count("SELECT count(*) FROM notifier.outbox WHERE org_id = ?", org)).isEqualTo(3);
        assertThat(TestBroker.events(Addresses.INCIDENT_COMMANDS, org)).hasSize(3);

        // The live incident is resolved in incident.io: the next pass sends it, and only it, again.
        JsonObject resolved = live(second).put("incident_status",
                new JsonObject().put("id", "01STCLOSED").put("name", "Closed").put("category", "closed"));
        Fakes.http().stubFor(IncidentIoFake.page(token, null).atPriority(1)
                .willReturn(okJson(IncidentIoFake.body(second, IncidentIoFake.detailed(first), resolved))));
        Api.admin(org).post(PATH).then().statusCode(202);
        JsonPath later = awaitCompletedAfter(again.getString("lastCompletedAt"));
        assertThat(later.getInt("commandsSent")).isEqualTo(1);
        List<TestBroker.Event> commands = awaitCommands(4);
        assertThat(commands).hasSize(4);
        assertThat(commands.get(3).data().getString("externalId")).isEqualTo(second);
        assertThat(commands.get(3).data().getString("status")).isEqualTo("resolved");
        assertThat(commands.get(3).id()).isNotEqualTo(commands.get(1).id());
    }

    @Test
    void incidentsTocsinOpenedInIncidentIoAreNotImportedBack() throws Exception {
        twoPages();
        // The notifier opened "second" in incident.io for a Tocsin incident and kept its id.
        TestDatabase.execute("INSERT INTO notifier.incident_state (org_id, incident_id, incident_io_planned, incident_io_id, updated_at)"
                + " VALUES (?, ?, true, ?, now())", org, UUID.randomUUID(), second);

        Api.admin(org).post(PATH).then().statusCode(202);
        JsonPath done = awaitState("completed");
        assertThat(done.getInt("incidents")).isEqualTo(3);
        assertThat(done.getInt("commandsSent")).isEqualTo(2);
        assertThat(awaitCommands(2)).extracting(c -> c.data().getString("externalId")).containsExactlyInAnyOrder(first, third);
        assertThat(TestDatabase.count("SELECT count(*) FROM notifier.outbox WHERE org_id = ?", org)).isEqualTo(2);
    }

    @Test
    void aScheduledImportRunsEveryIntervalAndStopsWhenTurnedOff() {
        twoPages();
        Api.admin(org).body("{\"enabled\":true}").put(PATH).then().statusCode(200).body("enabled", equalTo(true))
                .body("intervalSeconds", equalTo(3600));
        JsonPath done = awaitState("completed");
        awaitCommands(3);
        Instant completed = Instant.parse(done.getString("lastCompletedAt"));
        assertThat(Instant.parse(done.getString("nextRunAt"))).isEqualTo(completed.plus(Duration.ofHours(1)));

        clock.advance(Duration.ofHours(1).plusMinutes(1));
        JsonPath next = awaitCompletedAfter(done.getString("lastCompletedAt"));
        assertThat(next.getInt("commandsSent")).isZero();
        assertThat(IncidentIoFake.cursors(token)).containsExactly("", second, "", second);

        Api.admin(org).body("{\"enabled\":false}").put(PATH).then().statusCode(200).body("enabled", equalTo(false))
                .body("nextRunAt", nullValue());
        Api.admin(org).body("{\"enabled\":\"sometimes\"}").put(PATH).then().statusCode(400);
        Api.admin(org).body("{\"enabled\":true,\"every\":\"1m\"}").put(PATH).then().statusCode(400);
        assertThat(TestBroker.events(Addresses.INCIDENT_COMMANDS, org)).hasSize(3);
    }

    @Test
    void aRefusedTokenIsShownInTheStateAndARateLimitIsWaitedOut() {
        Fakes.http().stubFor(IncidentIoFake.page(token, null).atPriority(5).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"type\":\"authentication_error\"}")));
        Api.admin(org).post(PATH).then().statusCode(202);
        JsonPath failed = awaitState("failed");
        assertThat(failed.getInt("lastStatusCode")).isEqualTo(401);
        assertThat(failed.getString("lastError")).startsWith("incident.io refused the API token").contains("HTTP 401");
        assertThat(failed.getString("nextRunAt")).isNull();
        assertThat(failed.getBoolean("runRequested")).isFalse();

        String other = Api.newOrg();
        String otherToken = "incident-io-" + UUID.randomUUID();
        Api.incidentIo(other, "{\"apiToken\":\"" + otherToken + "\"}");
        Fakes.http().stubFor(IncidentIoFake.page(otherToken, null).atPriority(5)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
        Api.admin(other).post(PATH).then().statusCode(202);
        JsonPath limited = awaitState(other, "retrying");
        assertThat(Duration.between(Instant.parse(limited.getString("updatedAt")), Instant.parse(limited.getString("nextRunAt"))))
                .isEqualTo(Duration.ofHours(1));

        String none = Api.newOrg();
        Api.admin(none).post(PATH).then().statusCode(202);
        assertThat(awaitState(none, "failed").getString("lastError")).contains("API token is not configured");

        assertThat(TestBroker.events(Addresses.INCIDENT_COMMANDS, org)).isEmpty();
        Api.as(org, "u-viewer", "viewer").get(PATH).then().statusCode(403);
        Api.as(org, "u-responder", "responder").post(PATH).then().statusCode(403);
    }

    @Test
    void anImportLeftByADeadReplicaResumesAfterItsLeaseFromItsCursor() throws Exception {
        twoPages();
        // A replica committed page 1 (its commands sent), claimed the next page and died.
        Instant now = clock.instant();
        TestDatabase.execute("INSERT INTO notifier.incident_io_imports (org_id, run_requested, state, page_cursor, next_run_at,"
                + " claim_token, lease_until, pass_started_at, pass_pages, pass_incidents, pass_commands, updated_at)"
                + " VALUES (?, true, 'running', ?, ?, ?, ?, ?, 1, 2, 2, ?)", org, second, ts(now), UUID.randomUUID(),
                ts(now.plus(Duration.ofMinutes(1))), ts(now), ts(now));

        // Rounds of this replica (and of the poll) leave it alone while the lease lasts.
        Uni.join().all(importer.runDue(), importer.runDue()).andCollectFailures().await().atMost(WAIT);
        assertThat(IncidentIoFake.requests(token)).isEmpty();
        Api.admin(org).get(PATH).then().body("running", equalTo(true)).body("state", equalTo("running"));

        clock.advance(Duration.ofMinutes(2));
        JsonPath done = awaitState("completed");
        assertThat(IncidentIoFake.cursors(token)).containsExactly(second);
        assertThat(awaitCommands(1)).extracting(c -> c.data().getString("externalId")).containsExactly(third);
        assertThat(done.getInt("pages")).isEqualTo(2);
        assertThat(done.getInt("incidents")).isEqualTo(3);
        assertThat(done.getInt("commandsSent")).isEqualTo(3);
    }

    @Test
    void startingOverForgetsTheCursor() {
        twoPages();
        Api.admin(org).post(PATH).then().statusCode(202);
        String firstPass = awaitState("completed").getString("lastCompletedAt");
        Api.admin(org).queryParam("fromStart", true).post(PATH).then().statusCode(202).body("cursor", nullValue());
        awaitCompletedAfter(firstPass);
        assertThat(IncidentIoFake.cursors(token)).containsExactly("", second, "", second);
        assertThat(TestBroker.events(Addresses.INCIDENT_COMMANDS, org)).hasSize(3);
    }

    /** Page 1: the detailed incident and a live SEV1; page 2: a declined one. */
    private void twoPages() {
        Fakes.http().stubFor(IncidentIoFake.page(token, null).atPriority(5)
                .willReturn(okJson(IncidentIoFake.body(second, IncidentIoFake.detailed(first), live(second)))));
        Fakes.http().stubFor(IncidentIoFake.page(token, second).atPriority(5)
                .willReturn(okJson(IncidentIoFake.body(null, declined(third)))));
    }

    private static JsonObject live(String id) {
        return IncidentIoFake.incident(id, "Search is slow", "Critical", "Investigating", "live");
    }

    private static JsonObject declined(String id) {
        return IncidentIoFake.incident(id, "False alarm", "Minor", "Declined", "declined");
    }

    private JsonPath awaitState(String state) {
        return awaitState(org, state);
    }

    private static JsonPath awaitState(String org, String state) {
        await().atMost(WAIT).until(() -> state.equals(view(org).getString("state")));
        return view(org);
    }

    private JsonPath awaitCompletedAfter(String lastCompletedAt) {
        await().atMost(WAIT).until(() -> {
            JsonPath view = view(org);
            return "completed".equals(view.getString("state")) && !lastCompletedAt.equals(view.getString("lastCompletedAt"));
        });
        return view(org);
    }

    private static JsonPath view(String org) {
        return Api.admin(org).get(PATH).then().statusCode(200).extract().jsonPath();
    }

    private List<TestBroker.Event> awaitCommands(int count) {
        await().atMost(WAIT).until(() -> TestBroker.events(Addresses.INCIDENT_COMMANDS, org).size() >= count);
        return TestBroker.events(Addresses.INCIDENT_COMMANDS, org);
    }

    /** The commands in the order of the given incident.io ids (the broker may interleave different incidents). */
    private static List<TestBroker.Event> byExternalId(List<TestBroker.Event> commands, String... ids) {
        assertThat(commands).extracting(c -> c.data().getString("externalId")).containsExactlyInAnyOrder(ids);
        return java.util.Arrays.stream(ids).map(id -> commands.stream()
                .filter(c -> id.equals(c.data().getString("externalId"))).findFirst().orElseThrow()).toList();
    }

    private static OffsetDateTime ts(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
