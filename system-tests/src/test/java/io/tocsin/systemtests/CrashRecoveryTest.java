package io.tocsin.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import io.tocsin.fakes.PagerDutyFake;
import io.tocsin.fakes.Recorded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5: a burst of 200 SEV1 incidents, each declared and resolved at once, while the notifier
 * (and, separately, incident-service) is killed with SIGKILL halfway and started again. Every
 * incident reaches PagerDuty exactly once — one PagerDuty incident per dedup key, triggered before
 * it is resolved, never re-opened — and nothing is lost.
 */
class CrashRecoveryTest {

    private static final int BURST = 200;
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(120);
    private static Suite suite;

    @BeforeAll
    static void start() {
        suite = Suite.get();
    }

    @Test
    void killingTheNotifierMidBurstLosesAndRepeatsNothing() throws Exception {
        burstWithACrashOf("notifier-service");
    }

    @Test
    void killingIncidentServiceMidBurstLosesAndRepeatsNothing() throws Exception {
        burstWithACrashOf("incident-service");
    }

    private void burstWithACrashOf(String service) throws Exception {
        String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        suite.pageEverything(org, "unused-" + org);
        List<String> ids = new ArrayList<>();
        CompletableFuture<Void> restarted = null;
        for (int i = 0; i < BURST; i++) {
            if (i == BURST / 2) {
                suite.kill(service);
                // Started again in the background while the burst goes on (calls to a dead incident-service are retried).
                restarted = CompletableFuture.runAsync(() -> {
                    try {
                        suite.restart(service);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            String id = declare(org, "Burst " + i + " across a crash of " + service);
            resolve(org, id);
            ids.add(id);
        }
        restarted.get(CALL_DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

        await("every incident triggered and resolved at PagerDuty").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> ids.stream().allMatch(id -> {
                    PagerDutyFake.Incident paged = suite.fakes().pagerDuty().incident("tocsin-" + id);
                    return paged != null && "resolved".equals(paged.status());
                }));
        assertThat(ids).doesNotHaveDuplicates().hasSize(BURST);
        for (String id : ids) {
            PagerDutyFake.Incident paged = suite.fakes().pagerDuty().incident("tocsin-" + id);
            assertThat(paged.opened()).as("PagerDuty incidents opened for %s", id).isEqualTo(1);
            assertThat(paged.actions().get(0)).as("first event for %s", id).isEqualTo("trigger");
            assertThat(paged.actions().subList(paged.actions().indexOf("resolve"), paged.actions().size()))
                    .as("nothing after the resolve of %s but repeats of it", id).containsOnly("resolve");
        }
        // Exactly-once is what PagerDuty shows; on the wire, a send cut short by the kill may be repeated.
        Map<String, Long> requests = suite.fakes().requests(PagerDutyFake.NAME).stream()
                .map(Recorded::json).filter(event -> ids.contains(event.getString("dedup_key").substring("tocsin-".length())))
                .collect(Collectors.groupingBy(event -> event.getString("dedup_key") + " " + event.getString("event_action"),
                        Collectors.counting()));
        long repeated = requests.values().stream().mapToLong(n -> n - 1).sum();
        System.out.printf("crash of %s: %d events for %d incidents, %d repeated on the wire%n", service,
                requests.values().stream().mapToLong(Long::longValue).sum(), BURST, repeated);
        assertThat(requests).hasSize(2 * BURST);
        assertThat(repeated).as("repeats after the crash (at most the sends in flight when it died)").isLessThanOrEqualTo(20);
        var listed = suite.as(org, "viewer").queryParam("limit", BURST).get("/api/incidents").then().statusCode(200).extract().jsonPath();
        assertThat(listed.getList("items.id")).as("no incident created twice by a retried call").hasSize(BURST);
        assertThat(listed.getString("nextCursor")).isNull();
    }

    private static String declare(String org, String title) {
        String key = UUID.randomUUID().toString();
        Response created = untilAnswered(() -> suite.as(org, "responder").header("Idempotency-Key", key)
                .body("{\"title\":\"" + title + "\",\"severity\":\"SEV1\",\"services\":[\"burst-api\"]}").post("/api/incidents"),
                response -> response.statusCode() == 201 || response.statusCode() == 200);
        return created.path("id");
    }

    private static void resolve(String org, String id) {
        untilAnswered(() -> suite.as(org, "responder").header("If-Match", "\"1\"")
                .body("{\"status\":\"resolved\",\"resolutionSummary\":\"Burst over\"}").patch("/api/incidents/" + id),
                // 412: an earlier try went through but its answer was lost with the process.
                response -> response.statusCode() == 200 || (response.statusCode() == 412 && isResolved(org, id)));
    }

    private static boolean isResolved(String org, String id) {
        return "resolved".equals(suite.as(org, "viewer").get("/api/incidents/" + id).then().extract().path("status"));
    }

    /** Repeats a call (bounded in time) while the service behind the gateway is down or restarting. */
    private static Response untilAnswered(java.util.function.Supplier<Response> call, Function<Response, Boolean> done) {
        return await().atMost(CALL_DEADLINE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                .until(call::get, response -> {
                    if (done.apply(response)) {
                        return true;
                    }
                    int status = response.statusCode();
                    if (status != 502 && status != 503 && status != 504) {
                        throw new AssertionError("unexpected " + status + ": " + response.asString());
                    }
                    return false;
                });
    }
}
