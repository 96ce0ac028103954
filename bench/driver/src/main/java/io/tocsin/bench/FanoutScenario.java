package io.tocsin.bench;

import io.vertx.amqp.AmqpSender;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Notification fan-out to a local PagerDuty-shaped sink: incident events (a SEV1 declared, then
 * its resolution) are put on {@code tocsin.incident.events} as incident-service would; the
 * notifier turns each into a trigger or a resolve delivery. Measured: deliveries per second at the
 * sink and order per incident. Reference: wrk against the same sink.
 */
final class FanoutScenario {

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final int WARMUP_INCIDENTS = 2_000;
    private static final int WARMUP_ROUNDS = 8;
    private final Bench bench;

    FanoutScenario(Bench bench) {
        this.bench = bench;
    }

    Result run() throws Exception {
        int incidents = bench.full() ? 5_000 : 200;
        int block = 100;
        JsonObject details = new JsonObject().put("incidents", incidents).put("events", 2 * incidents);
        try (PagerDutySink sink = new PagerDutySink(bench.vertx, bench.sinkPort());
                Amqp amqp = new Amqp(bench.vertx, bench.amqpPort())) {
            if (bench.full()) {
                // The same traffic for other incidents first, in rounds until steady, so that the notifier's hot paths
                // are compiled (see Warmup).
                int[] rounds = {0};
                details.put("warmup", Warmup.untilSteady(bench, "fanout", WARMUP_ROUNDS, () -> {
                    sink.reset();
                    deliver(sink, amqp, "bench-fanout-" + bench.runId + "-warm" + rounds[0]++, WARMUP_INCIDENTS, block);
                    long delivered = sink.deliveries.get();
                    return delivered < 2 ? 0 : delivered / ((sink.lastAt.get() - sink.firstAt.get()) / 1e9);
                }).put("incidents_per_round", WARMUP_INCIDENTS));
                sink.reset();
            }
            Bench.log("fanout: %d incidents (trigger + resolve each) through the notifier", incidents);
            CpuMeter cpu = new CpuMeter(bench);
            Map<String, Long> cpuBefore = cpu.snapshot();
            Sent sent = deliver(sink, amqp, "bench-fanout-" + bench.runId, incidents, block);
            long start = sent.start();
            double published = sent.publishSeconds();
            long expected = 2L * incidents;
            long delivered = sink.deliveries.get();
            double window = (sink.lastAt.get() - sink.firstAt.get()) / 1e9;
            double rate = delivered < 2 || window <= 0 ? 0 : Result.round(delivered / window, 1);
            double endToEnd = delivered == 0 ? 0 : Result.round(delivered / ((sink.lastAt.get() - start) / 1e9), 1);
            details.put("cpu", cpu.since(cpuBefore, delivered)).put("delivered", delivered).put("publish_seconds", Result.round(published, 2))
                    .put("first_to_last_delivery_seconds", Result.round(window, 2)).put("deliveries_per_s", rate)
                    .put("end_to_end_per_s", endToEnd).put("order_violations", sink.orderViolations.get())
                    .put("duplicates", sink.duplicates.get());
            Bench.log("fanout: %d of %d delivered, %.0f/s (first to last), %.0f/s from the first publish, %d order violations",
                    delivered, expected, rate, endToEnd, sink.orderViolations.get());

            Double reference = null;
            String note = null;
            if (bench.wrk.isEmpty()) {
                note = "reference unavailable: wrk not found";
            } else {
                try {
                    reference = wrk(details);
                } catch (Exception e) {
                    note = "reference unavailable: wrk failed: " + e.getMessage();
                }
            }
            Double ratio = Result.ratio(rate, reference);
            boolean complete = delivered == expected;
            boolean met = complete && rate >= 2000 && sink.orderViolations.get() == 0 && sink.duplicates.get() == 0;
            String summary = String.format("%d/%d delivered, %d order violations, %d duplicates; %.0f/s from the first publish",
                    delivered, expected, sink.orderViolations.get(), sink.duplicates.get(), endToEnd);
            return new Result("fanout", "notification fan-out to a PagerDuty-shaped HTTP sink", "deliveries/s, order kept",
                    rate, "deliveries/s", "wrk against the same sink", reference, ratio, "≥ 2,000 deliveries/s, zero order violations",
                    met, note == null ? summary : note + "; " + summary, details);
        }
    }

    /** When publishing started ({@link System#nanoTime}) and how long it took. */
    private record Sent(long start, double publishSeconds) {
    }

    /**
     * Publishes a created and a resolve event for each of {@code incidents} incidents, in blocks of creates then their
     * resolves, and waits until the sink has them all or stops making progress.
     */
    private Sent deliver(PagerDutySink sink, Amqp amqp, String org, int incidents, int block) throws Exception {
        AmqpSender events = amqp.sender("tocsin.incident.events", false);
        UUID[] ids = new UUID[incidents];
        for (int i = 0; i < incidents; i++) {
            ids[i] = UUID.randomUUID();
        }
        long start = System.nanoTime();
        // Blocks of creates then their resolves: c0..c99, r0..r99, c100..
        Http.await(amqp.publish(events, 2 * incidents, 500, n -> {
            int blockNo = n / (2 * block);
            int within = n % (2 * block);
            boolean resolve = within >= block;
            int i = Math.min(incidents - 1, blockNo * block + (resolve ? within - block : within));
            return event(org, ids[i], i, resolve);
        }), Duration.ofSeconds(120));
        double published = (System.nanoTime() - start) / 1e9;
        long expected = 2L * incidents;
        long deadline = System.nanoTime() + bench.seconds(240, 60).toNanos();
        long lastCount = -1;
        long lastProgress = System.nanoTime();
        while (sink.deliveries.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            long now = sink.deliveries.get();
            if (now != lastCount) {
                lastCount = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(30).toNanos()) {
                break;
            }
        }
        return new Sent(start, published);
    }

    private double wrk(JsonObject details) throws Exception {
        Path script = bench.work.resolve("fanout-wrk.lua");
        String body = new JsonObject().put("routing_key", "benchroutingkey00000000000000000").put("event_action", "trigger")
                .put("dedup_key", "wrk-reference").put("payload", new JsonObject().put("summary", "INC-2026-0001: Bench incident")
                        .put("severity", "critical").put("source", "tocsin").put("component", "bench-svc"))
                .encode();
        Files.writeString(script, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = '"
                + body.replace("\\", "\\\\").replace("'", "\\'") + "'\n", StandardCharsets.UTF_8);
        Duration duration = bench.seconds(10, 2);
        Path wrk = bench.wrk.get();
        Path libs = wrk.getParent().resolveSibling("lib");
        String output = External.run(List.of(wrk.toString(), "-t2", "-c32", "-d" + duration.toSeconds() + "s", "-s",
                script.toString(), "http://127.0.0.1:" + bench.sinkPort() + "/v2/enqueue"),
                Map.of("LD_LIBRARY_PATH", libs + ":" + libs.resolve("x86_64-linux-gnu")), duration.plusSeconds(30),
                bench.work.resolve("fanout-wrk.log"));
        Matcher m = RPS.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no Requests/sec in wrk output: " + External.tail(output));
        }
        double rps = Result.round(Double.parseDouble(m.group(1)), 1);
        details.put("wrk", new JsonObject().put("threads", 2).put("connections", 32).put("seconds", duration.toSeconds())
                .put("requests_per_s", rps));
        Bench.log("fanout: wrk against the sink %.0f requests/s", rps);
        return rps;
    }

    private static io.vertx.amqp.AmqpMessage event(String org, UUID id, int i, boolean resolve) {
        String now = Instant.now().toString();
        JsonObject incident = new JsonObject().put("id", id.toString()).put("org", org)
                .put("reference", String.format("INC-2026-%05d", i + 1)).put("title", "Bench fan-out incident " + i)
                .put("description", "").put("severity", "SEV1").put("status", resolve ? "resolved" : "declared")
                .put("environment", "production").put("services", List.of("bench-svc")).put("owners", List.of())
                .put("commanderId", "u-bench").put("declaredBy", "u-bench")
                .put("source", new JsonObject().put("kind", "manual").putNull("externalId"))
                .put("customFields", new JsonObject()).put("autoDrafted", false).putNull("impactStartedAt").putNull("detectedAt")
                .put("declaredAt", now).putNull("acknowledgedAt").putNull("mitigatedAt").put("resolvedAt", resolve ? now : null)
                .putNull("mitigationSummary").put("resolutionSummary", resolve ? "Fixed" : null).put("createdAt", now)
                .put("updatedAt", now).put("version", resolve ? 2 : 1);
        JsonObject change = resolve ? new JsonObject().put("from", "declared").put("to", "resolved") : new JsonObject();
        String type = resolve ? "io.tocsin.incident.status_changed" : "io.tocsin.incident.created";
        return Amqp.cloudEvent(UUID.randomUUID().toString(), type, "/orgs/" + org + "/incidents/" + id, id.toString(), org,
                new JsonObject().put("incident", incident).put("change", change).encode());
    }
}
