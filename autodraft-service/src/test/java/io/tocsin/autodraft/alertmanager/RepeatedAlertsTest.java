package io.tocsin.autodraft.alertmanager;

import static io.tocsin.autodraft.alertmanager.AlertmanagerTest.alert;
import static io.tocsin.autodraft.alertmanager.AlertmanagerTest.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.autodraft.support.Api;
import io.tocsin.autodraft.support.Bus;
import io.tocsin.autodraft.support.TestClock;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.devstack.testing.TestDatabase;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alertmanager repeats its notifications while alerts fire: the repeats must cost no writes and no locks. */
@QuarkusTest
class RepeatedAlertsTest {

    @Inject
    TestClock clock;

    @BeforeAll
    static void listen() {
        Bus.listen();
    }

    @BeforeEach
    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static String firing(String metric, Instant startsAt, String fingerprint) {
        return alert("firing", "\"alertname\":\"Bench\",\"tocsin_metric\":\"" + metric + "\",\"severity\":\"critical\"", startsAt,
                null, fingerprint);
    }

    /** {@code count} firing alerts, one per metric {@code metric-00…}, fingerprints numbered from {@code print}. */
    static String storm(int count, Instant startsAt, int print) {
        return notification("firing", IntStream.range(0, count)
                .mapToObj(i -> firing(String.format("metric-%02d", i), startsAt, String.format("%016x", print + i)))
                .collect(Collectors.joining(",")));
    }

    /** Every row of the organisation in the autodraft schema with its row version: any insert, update or delete changes it. */
    static List<String> rowVersions(String org) {
        return TestDatabase.rows("SELECT 'metrics/' || slug || '@' || xmin::text AS v FROM autodraft.metrics WHERE org_id = ?"
                        + " UNION ALL SELECT 'dwell_checks/' || id || '@' || xmin::text FROM autodraft.dwell_checks WHERE org_id = ?"
                        + " UNION ALL SELECT 'drafts/' || incident_id || '@' || xmin::text FROM autodraft.drafts WHERE org_id = ?"
                        + " UNION ALL SELECT 'audit/' || id || '@' || xmin::text FROM autodraft.audit WHERE org_id = ?"
                        + " UNION ALL SELECT 'outbox/' || event_id || '@' || xmin::text FROM autodraft.outbox WHERE org_id = ?"
                        + " UNION ALL SELECT 'inbox/' || message_id || '@' || xmin::text FROM autodraft.inbox WHERE message_id LIKE ?"
                        + " ORDER BY 1", org, org, org, org, org, org + "/%")
                .stream().map(row -> (String) row.get("v")).toList();
    }

    @Test
    void aRepeatedNotificationWritesNothing() {
        String org = Api.newOrg();
        Instant started = clock.instant().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        String storm = storm(50, started, 0xa000);
        Api.responder(org).body(storm).post("/api/signals/alertmanager").then().statusCode(200)
                .body("signals.size()", equalTo(50)).body("signals.outcome", everyItem(equalTo("transition")));
        List<String> before = rowVersions(org);
        assertThat(before).hasSize(100);

        for (int i = 0; i < 3; i++) {
            Api.responder(org).body(storm).post("/api/signals/alertmanager").then().statusCode(200)
                    .body("signals.size()", equalTo(50)).body("signals.outcome", everyItem(equalTo("duplicate")))
                    .body("signals.health", everyItem(equalTo("unhealthy")));
        }
        assertThat(rowVersions(org)).isEqualTo(before);
    }

    @Test
    void aNotificationSeenBeforeIsAnsweredWithoutTheDatabase() throws Exception {
        String org = Api.newOrg();
        Instant started = clock.instant().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        String storm = storm(5, started, 0xc000);
        Api.responder(org).body(storm).post("/api/signals/alertmanager").then().statusCode(200)
                .body("signals.outcome", everyItem(equalTo("transition")));
        try (Connection holder = TestDatabase.connect()) {
            // While this lock is held, claiming an id in the inbox waits: only an answer from memory can come back.
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("LOCK TABLE autodraft.inbox IN ACCESS EXCLUSIVE MODE")) {
                lock.execute();
            }
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Api.responder(org).body(storm)
                    .post("/api/signals/alertmanager").then().statusCode(200)
                    .body("signals.outcome", everyItem(equalTo("duplicate")))
                    .body("signals.health", everyItem(equalTo("unhealthy"))));
            holder.rollback();
        }
        // A manual report changes a metric: the memory follows, and the next repeat tells its new health.
        assertThat(Api.report(org, "metric-00", "healthy", "manual-1", clock.instant().toString(), null)).isEqualTo("transition");
        Api.responder(org).body(storm).post("/api/signals/alertmanager").then().statusCode(200)
                .body("signals.outcome", everyItem(equalTo("duplicate")))
                .body("signals.find { it.metric == 'metric-00' }.health", equalTo("healthy"));
        // Health seen longer ago than the memory trusts is read again.
        clock.advance(Duration.ofSeconds(2));
        Api.responder(org).body(storm).post("/api/signals/alertmanager").then().statusCode(200)
                .body("signals.outcome", everyItem(equalTo("duplicate")))
                .body("signals.find { it.metric == 'metric-01' }.health", equalTo("unhealthy"));
    }

    @Test
    void aNotificationThatChangesNothingDoesNotWaitForTheMetricsLocks() throws Exception {
        String org = Api.newOrg();
        Instant started = clock.instant().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        String storm = storm(5, started, 0xb000);
        Api.responder(org).body(storm).post("/api/signals/alertmanager").then().statusCode(200);
        // The same alerts fired again since: new ids, same health.
        String refired = storm(5, started.plusSeconds(120), 0xb000);
        try (Connection holder = TestDatabase.connect()) {
            holder.setAutoCommit(false);
            for (int i = 0; i < 5; i++) {
                lockMetric(holder, org, String.format("metric-%02d", i));
            }
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                Api.responder(org).body(storm).post("/api/signals/alertmanager").then().statusCode(200)
                        .body("signals.outcome", everyItem(equalTo("duplicate")));
                Api.responder(org).body(refired).post("/api/signals/alertmanager").then().statusCode(200)
                        .body("signals.outcome", everyItem(equalTo("unchanged")))
                        .body("signals.health", everyItem(equalTo("unhealthy")));
            });
            holder.rollback();
        }
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.metrics WHERE org_id = ? AND transition_seq = 1", org))
                .isEqualTo(5);
        // Signals that change nothing write their id only.
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.inbox WHERE message_id LIKE ?", org + "/%")).isEqualTo(10);
    }

    static void lockMetric(Connection connection, String org, String slug) throws Exception {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT pg_advisory_xact_lock(hashtext('autodraft.metrics'), hashtext(?))")) {
            lock.setString(1, org + "/" + slug);
            lock.executeQuery().close();
        }
    }

    @Test
    void aMixedNotificationHasTheOutcomesOfSignalsAppliedOneByOne() {
        String org = Api.newOrg();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant t0 = now.minusSeconds(600);
        Api.metric(org, "flip", "immediate", "major");
        Api.metric(org, "stale", "immediate", "major");
        assertThat(Api.report(org, "flip", "healthy", "h-flip", t0.toString(), null)).isEqualTo("transition");
        assertThat(Api.report(org, "stale", "healthy", "h-stale", now.minusSeconds(60).toString(), null)).isEqualTo("transition");
        String repeats = firing("r-1", t0, "0000000000000001") + "," + firing("r-2", t0, "0000000000000002") + ","
                + firing("r-3", t0, "0000000000000003");
        Api.responder(org).body(notification("firing", repeats + "," + firing("steady", t0, "0000000000000004")))
                .post("/api/signals/alertmanager").then().statusCode(200)
                .body("signals.outcome", everyItem(equalTo("transition")));
        long auditBefore = TestDatabase.count("SELECT count(*) FROM autodraft.audit WHERE org_id = ?", org);
        long inboxBefore = TestDatabase.count("SELECT count(*) FROM autodraft.inbox WHERE message_id LIKE ?", org + "/%");

        String mixed = notification("firing", String.join(",", List.of(
                repeats,
                firing("steady", now.minusSeconds(100), "0000000000000005"),
                firing("flip", now.minusSeconds(30), "0000000000000006"),
                firing("new-metric", now.minusSeconds(30), "0000000000000007"),
                // Two alerts of different metrics with one fingerprint and start: one signal id.
                firing("dup-a", now.minusSeconds(30), "0000000000000008"),
                firing("dup-b", now.minusSeconds(30), "0000000000000008"),
                firing("stale", now.minusSeconds(120), "0000000000000009"))));
        Api.responder(org).body(mixed).post("/api/signals/alertmanager").then().statusCode(200)
                .body("signals.metric", equalTo(List.of("dup-a", "dup-b", "flip", "new-metric", "r-1", "r-2", "r-3", "stale",
                        "steady")))
                .body("signals.outcome", equalTo(List.of("transition", "duplicate", "transition", "transition", "duplicate",
                        "duplicate", "duplicate", "stale", "unchanged")))
                .body("signals.health", equalTo(List.of("unhealthy", "unknown", "unhealthy", "unhealthy", "unhealthy",
                        "unhealthy", "unhealthy", "healthy", "unhealthy")));

        // Only the flip of a metric with a policy asks for a draft, audited once.
        assertThat(TestDatabase.rows("SELECT metric, kind FROM autodraft.audit WHERE org_id = ? ORDER BY position OFFSET ?", org,
                auditBefore)).containsExactly(Map.of("metric", "flip", "kind", "incident.auto_draft_requested"));
        assertThat(Bus.outboxed(org, CommandType.DRAFT_INCIDENT)).isEqualTo(1);
        assertThat(TestDatabase.rows("SELECT payload->>'metric' AS metric, payload->>'severity' AS severity"
                + " FROM autodraft.outbox WHERE org_id = ?", org))
                .containsExactly(Map.of("metric", "flip", "severity", "SEV1"));
        // A duplicate registers nothing; new metrics are registered with auto-drafting off.
        assertThat(TestDatabase.rows("SELECT slug, policy, health, transition_seq FROM autodraft.metrics WHERE org_id = ?"
                + " ORDER BY slug", org)).containsExactly(
                        Map.of("slug", "dup-a", "policy", "off", "health", "unhealthy", "transition_seq", 1L),
                        Map.of("slug", "flip", "policy", "immediate", "health", "unhealthy", "transition_seq", 2L),
                        Map.of("slug", "new-metric", "policy", "off", "health", "unhealthy", "transition_seq", 1L),
                        Map.of("slug", "r-1", "policy", "off", "health", "unhealthy", "transition_seq", 1L),
                        Map.of("slug", "r-2", "policy", "off", "health", "unhealthy", "transition_seq", 1L),
                        Map.of("slug", "r-3", "policy", "off", "health", "unhealthy", "transition_seq", 1L),
                        Map.of("slug", "stale", "policy", "immediate", "health", "healthy", "transition_seq", 1L),
                        Map.of("slug", "steady", "policy", "off", "health", "unhealthy", "transition_seq", 1L));
        // Every new id is recorded once: steady's, flip's, new-metric's, the shared one and stale's.
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.inbox WHERE message_id LIKE ?", org + "/%"))
                .isEqualTo(inboxBefore + 5);
    }
}
