package io.tocsin.bench;

import io.vertx.amqp.AmqpSender;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signal flip → draft incident with policy {@code immediate}: metrics (each on its own service, so
 * that no draft folds into another's open incident) flip unhealthy at a fixed rate over AMQP; the
 * latency of each is from its publish to the draft row's {@code created_at} (read over JDBC; same
 * machine, same clock).
 */
final class FlipScenario {

    private static final int WARMUP_FLIPS = 1_000;

    private final Bench bench;

    FlipScenario(Bench bench) {
        this.bench = bench;
    }

    /**
     * Where the time goes: publish → autodraft-service decided to request the draft (the metric's
     * {@code last_draft_requested_at}), and that decision → the draft row in incident-service.
     */
    private static JsonObject hops(Connection c, String org, long[] publishedAtMillis, Map<String, Integer> index) throws Exception {
        Latencies toDecision = new Latencies();
        Latencies toDraft = new Latencies();
        try (PreparedStatement q = c.prepareStatement("SELECT m.slug, (extract(epoch FROM m.last_draft_requested_at) * 1000)::bigint,"
                + " (extract(epoch FROM i.created_at) * 1000)::bigint FROM autodraft.metrics m"
                + " JOIN incident.incidents i ON i.org_id = m.org_id AND i.source_kind = 'autodraft' AND i.source_external_id = m.slug"
                + " WHERE m.org_id = ? AND m.last_draft_requested_at IS NOT NULL")) {
            q.setString(1, org);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Integer n = index.get(rs.getString(1));
                    if (n != null && publishedAtMillis[n] != 0) {
                        toDecision.recordMillis(Math.max(0, rs.getLong(2) - publishedAtMillis[n]));
                        toDraft.recordMillis(Math.max(0, rs.getLong(3) - rs.getLong(2)));
                    }
                }
            }
        }
        return new JsonObject().put("publish_to_autodraft_decision", toDecision.toJson())
                .put("autodraft_decision_to_draft_row", toDraft.toJson());
    }

    /** What one series of flips gave. */
    private record Flips(int count, int found, Latencies latencies, JsonObject hops, JsonObject cpu, long publishFailures) {
    }

    Result run() throws Exception {
        double rate = 100;
        Duration duration = bench.seconds(20, 3);
        int count = (int) (rate * duration.toSeconds());
        // The same flips at the same rate on other metrics first: the hot paths of autodraft-service and
        // incident-service compile (see Warmup) before the measured series.
        JsonObject warmup = null;
        if (bench.full()) {
            Flips warm = flips("bench-flip-" + bench.runId + "-warm", WARMUP_FLIPS, rate, Duration.ofSeconds(WARMUP_FLIPS / (long) rate));
            Bench.log("flip: warm-up %d flips, p50 %.1f ms, p99 %.1f ms; hops %s", warm.count(), warm.latencies().millis(50),
                    warm.latencies().millis(99), warm.hops().encode());
            warmup = new JsonObject().put("flips", warm.count()).put("drafts_seen", warm.found())
                    .put("latency", warm.latencies().toJson()).put("hops", warm.hops());
        }
        Flips run = flips("bench-flip-" + bench.runId, count, rate, duration);
        int found = run.found();
        Latencies latencies = run.latencies();
        JsonObject details = new JsonObject().put("hops", run.hops()).put("flips", count).put("rate_per_s", rate)
                .put("drafts_seen", found).put("publish_failures", run.publishFailures()).put("cpu", run.cpu())
                .put("latency", latencies.toJson()).put("warmup_flips", bench.full() ? WARMUP_FLIPS : 0).put("warmup", warmup);
        double p50 = latencies.millis(50);
        double p99 = latencies.millis(99);
        Bench.log("flip: %d of %d drafts, p50 %.1f ms, p99 %.1f ms", found, count, p50, p99);
        String note = String.format("p50 %.1f ms; %d of %d flips drafted", p50, found, count);
        return new Result("flip-to-draft", "signal flip → draft incident (immediate policy)",
                "publish → draft row latency p50 / p99 at 100 flips/s", found == 0 ? null : p99, "ms (p99)", null, null, null,
                "p99 ≤ 250 ms at 100 flips/s", found == 0 ? null : found == count && p99 <= 250, note, details);
    }

    private Flips flips(String org, int count, double rate, Duration duration) throws Exception {
        String token = bench.ownerToken(org);
        Bench.log("flip: registering %d metrics with policy immediate", count);
        Http.Outcome registered = bench.gateway.all(count, 8, Duration.ofSeconds(180), i -> Http.Call.postJson("/api/metrics", token,
                new JsonObject().put("slug", "flip-" + i).put("title", "Flip " + i).put("services", List.of("flip-svc-" + i))
                        .put("threshold", "> 5%").put("policy", "immediate").put("severity", "major").encode()));
        if (registered.ok() != count) {
            throw new IllegalStateException("registered " + registered.ok() + " of " + count + " metrics: " + registered.statuses());
        }

        long[] publishedAtMillis = new long[count];
        Latencies latencies = new Latencies();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < count; i++) {
            index.put("flip-" + i, i);
        }
        Bench.log("flip: %d flips at %.0f/s", count, rate);
        try (Amqp amqp = new Amqp(bench.vertx, bench.amqpPort());
                Connection c = bench.jdbc();
                PreparedStatement q = c.prepareStatement("SELECT source_external_id,"
                        + " (extract(epoch FROM created_at) * 1000)::bigint FROM incident.incidents"
                        + " WHERE org_id = ? AND source_kind = 'autodraft' AND created_at >= to_timestamp(? / 1000.0)")) {
            AmqpSender sender = amqp.sender("tocsin.metric.signals", true);
            CpuMeter cpu = new CpuMeter(bench);
            Map<String, Long> cpuBefore = cpu.snapshot();
            AtomicLong sent = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            long start = System.nanoTime();
            long startMillis = System.currentTimeMillis();
            double interval = 1e9 / rate;
            bench.vertx.setPeriodic(2, timer -> {
                long due = Math.min(count, (long) ((System.nanoTime() - start) / interval) + 1);
                while (sent.get() < due) {
                    int n = (int) sent.getAndIncrement();
                    publishedAtMillis[n] = System.currentTimeMillis();
                    sender.sendWithAck(SignalScenario.signal(org, "flip-" + bench.runId + "-" + n, "flip-" + n))
                            .onFailure(e -> failures.incrementAndGet());
                }
                if (sent.get() >= count) {
                    bench.vertx.cancelTimer(timer);
                }
            });
            boolean[] seen = new boolean[count];
            int found = 0;
            long deadline = System.nanoTime() + duration.plusSeconds(60).toNanos();
            q.setString(1, org);
            q.setLong(2, startMillis - 1000);
            while (found < count && System.nanoTime() < deadline) {
                Thread.sleep(50);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        Integer n = index.get(rs.getString(1));
                        if (n != null && !seen[n] && publishedAtMillis[n] != 0) {
                            seen[n] = true;
                            found++;
                            latencies.recordMillis(Math.max(0, rs.getLong(2) - publishedAtMillis[n]));
                        }
                    }
                }
            }
            return new Flips(count, found, latencies, hops(c, org, publishedAtMillis, index), cpu.since(cpuBefore, found),
                    failures.get());
        }
    }
}
