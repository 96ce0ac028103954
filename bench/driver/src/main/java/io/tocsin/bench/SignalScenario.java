package io.tocsin.bench;

import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Metric signals over AMQP that change nothing (the metric is already unhealthy): the rate at which
 * autodraft-service consumes them, against the broker's rate for the same messages on another
 * address with a consumer that only accepts them. The end of the Tocsin run is seen through a
 * sentinel signal sent last, which flips a new metric: when its row exists, everything before it
 * was consumed (the consumer handles one message at a time, in order).
 */
final class SignalScenario {

    private final Bench bench;

    SignalScenario(Bench bench) {
        this.bench = bench;
    }

    Result run() throws Exception {
        int count = bench.full() ? 20_000 : 1_000;
        int window = 500;
        String org = "bench-signals";
        String steady = "amqp-steady";
        Duration limit = bench.seconds(240, 60);
        JsonObject details = new JsonObject().put("messages", count).put("publisher_window", window);
        try (Amqp amqp = new Amqp(bench.vertx, bench.amqpPort())) {
            AmqpSender signals = amqp.sender("tocsin.metric.signals", true);
            // The metric is unhealthy before the run, so that every signal of the run is a no-change.
            Http.await(amqp.publish(signals, 1, 1, i -> signal(org, "warm-" + bench.runId, steady)), Duration.ofSeconds(15));
            waitFor(org, steady, Duration.ofSeconds(30));

            Bench.log("signals: %d no-change signals to tocsin.metric.signals", count);
            String sentinel = "amqp-sentinel-" + bench.runId;
            CpuMeter cpu = new CpuMeter(bench);
            java.util.Map<String, Long> cpuBefore = cpu.snapshot();
            long start = System.nanoTime();
            Http.await(amqp.publish(signals, count, window, i -> signal(org, "s-" + bench.runId + "-" + i, steady)), limit);
            double published = (System.nanoTime() - start) / 1e9;
            Http.await(amqp.publish(signals, 1, 1, i -> signal(org, "sentinel-" + bench.runId, sentinel)), Duration.ofSeconds(15));
            boolean seen = waitFor(org, sentinel, limit);
            double consumed = (System.nanoTime() - start) / 1e9;
            if (!seen) {
                return Result.failed("amqp-signals", "AMQP metric signals, no state change", "≥ 50 % of the no-op rate",
                        "the sentinel signal was not consumed within " + limit.toSeconds() + "s");
            }
            double rate = Result.round((count + 1) / consumed, 1);
            details.put("tocsin", new JsonObject().put("cpu", cpu.since(cpuBefore, count)).put("publish_seconds", Result.round(published, 2))
                    .put("consume_seconds", Result.round(consumed, 2)).put("rate_per_s", rate));
            Bench.log("signals: consumed at %.0f/s (published in %.1fs)", rate, published);

            String address = "tocsin.bench.noop";
            AtomicLong received = new AtomicLong();
            AtomicLong lastAt = new AtomicLong();
            AmqpReceiver noop = amqp.noopConsumer(address, received, () -> lastAt.set(System.nanoTime()));
            AmqpSender noopSender = amqp.sender(address, true);
            long noopStart = System.nanoTime();
            Http.await(amqp.publish(noopSender, count, window, i -> signal(org, "n-" + bench.runId + "-" + i, steady)), limit);
            long deadline = System.nanoTime() + limit.toNanos();
            while (received.get() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Http.await(noop.close(), Duration.ofSeconds(10));
            if (received.get() < count) {
                return resultWithoutReference(rate, details, "reference incomplete: " + received.get() + " of " + count);
            }
            double noopRate = Result.round(count / ((lastAt.get() - noopStart) / 1e9), 1);
            details.put("noop", new JsonObject().put("rate_per_s", noopRate));
            Bench.log("signals: no-op consumer %.0f/s", noopRate);
            Double ratio = Result.ratio(rate, noopRate);
            return new Result("amqp-signals", "AMQP metric signals, no state change", "signals/s consumed", rate, "signals/s",
                    "same messages, broker + no-op consumer", noopRate, ratio, "≥ 50 % of the no-op rate",
                    ratio == null ? null : ratio >= 0.5, null, details);
        }
    }

    private Result resultWithoutReference(double rate, JsonObject details, String note) {
        return new Result("amqp-signals", "AMQP metric signals, no state change", "signals/s consumed", rate, "signals/s",
                "same messages, broker + no-op consumer", null, null, "≥ 50 % of the no-op rate", null, note, details);
    }

    static AmqpMessage signal(String org, String id, String metric) {
        String json = new JsonObject().put("id", id).put("org", org).put("metric", metric).put("status", "unhealthy")
                .put("value", 0.12).put("threshold", 0.05).put("observedAt", Instant.now().toString())
                .put("service", "bench-svc").put("labels", new JsonObject().put("env", "production")).encode();
        return Amqp.cloudEvent(id, "io.tocsin.signal.metric", "/orgs/" + org + "/metrics/" + metric, metric, org, json);
    }

    /** Polls until the metric exists and is unhealthy; false when {@code limit} passed first. */
    private boolean waitFor(String org, String metric, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        try (Connection c = bench.jdbc();
                PreparedStatement q = c.prepareStatement("SELECT 1 FROM autodraft.metrics WHERE org_id = ? AND slug = ?"
                        + " AND health = 'unhealthy'")) {
            q.setString(1, org);
            q.setString(2, metric);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        return true;
                    }
                }
                Thread.sleep(20);
            }
        }
        return false;
    }
}
