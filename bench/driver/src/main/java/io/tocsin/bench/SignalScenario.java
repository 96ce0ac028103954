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

    /** Warm-up rounds (see {@link Warmup}) of this many signals, for Tocsin and for the no-op consumer alike. */
    private static final int WARMUP_MESSAGES = 20_000;
    private static final int WARMUP_ROUNDS = 10;

    private final Bench bench;

    SignalScenario(Bench bench) {
        this.bench = bench;
    }

    Result run() throws Exception {
        int count = bench.full() ? 100_000 : 1_000;
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

            Bench.log("signals: %d no-change signals to tocsin.metric.signals (after warm-up rounds of %d)", count, WARMUP_MESSAGES);
            int[] rounds = {0};
            JsonObject warmup = Warmup.untilSteady(bench, "signals (Tocsin)", WARMUP_ROUNDS,
                    () -> {
                        Round round = tocsinRound(amqp, signals, org, steady, "w" + rounds[0]++, WARMUP_MESSAGES, window, limit);
                        if (round == null) {
                            throw new IllegalStateException("a warm-up sentinel was not consumed within " + limit.toSeconds() + "s");
                        }
                        return round.rate();
                    });
            CpuMeter cpu = new CpuMeter(bench);
            java.util.Map<String, Long> cpuBefore = cpu.snapshot();
            Round measured = tocsinRound(amqp, signals, org, steady, "m", count, window, limit);
            if (measured == null) {
                return Result.failed("amqp-signals", "AMQP metric signals, no state change", "≥ 50 % of the no-op rate",
                        "the sentinel signal was not consumed within " + limit.toSeconds() + "s");
            }
            double rate = Result.round(measured.rate(), 1);
            details.put("tocsin_warmup", warmup).put("tocsin", new JsonObject().put("cpu", cpu.since(cpuBefore, count))
                    .put("publish_seconds", Result.round(measured.published(), 2))
                    .put("consume_seconds", Result.round(measured.consumed(), 2)).put("rate_per_s", rate));
            Bench.log("signals: consumed at %.0f/s (published in %.1fs)", rate, measured.published());

            String address = "tocsin.bench.noop";
            AtomicLong received = new AtomicLong();
            AtomicLong lastAt = new AtomicLong();
            AmqpReceiver noop = amqp.noopConsumer(address, received, () -> lastAt.set(System.nanoTime()));
            AmqpSender noopSender = amqp.sender(address, true);
            JsonObject noopWarmup = Warmup.untilSteady(bench, "signals (no-op consumer)", WARMUP_ROUNDS,
                    () -> noopRound(amqp, noopSender, received, lastAt, org, steady, "nw" + rounds[0]++, WARMUP_MESSAGES, window, limit));
            double noopMeasured = noopRound(amqp, noopSender, received, lastAt, org, steady, "n", count, window, limit);
            Http.await(noop.close(), Duration.ofSeconds(10));
            if (noopMeasured <= 0) {
                return resultWithoutReference(rate, details, "reference incomplete: the no-op consumer did not get every message");
            }
            details.put("noop_warmup", noopWarmup);
            double noopRate = Result.round(noopMeasured, 1);
            details.put("noop", new JsonObject().put("rate_per_s", noopRate));
            Bench.log("signals: no-op consumer %.0f/s", noopRate);
            Double ratio = Result.ratio(rate, noopRate);
            return new Result("amqp-signals", "AMQP metric signals, no state change", "signals/s consumed", rate, "signals/s",
                    "same messages, broker + no-op consumer", noopRate, ratio, "≥ 50 % of the no-op rate",
                    ratio == null ? null : ratio >= 0.5, null, details);
        }
    }

    /** A measured publish of {@code count} signals and a sentinel; the rate counts all of them. */
    private record Round(int messages, double published, double consumed) {
        double rate() {
            return messages / consumed;
        }
    }

    /** Publishes {@code count} no-change signals and a sentinel that flips a new metric; null if it was not seen in time. */
    private Round tocsinRound(Amqp amqp, AmqpSender signals, String org, String steady, String tag, int count, int window,
            Duration limit) throws Exception {
        long start = System.nanoTime();
        String prefix = "s-" + bench.runId + "-" + tag + "-";
        Http.await(amqp.publish(signals, count, window, i -> signal(org, prefix + i, steady)), limit);
        double published = (System.nanoTime() - start) / 1e9;
        String sentinel = "amqp-sentinel-" + bench.runId + "-" + tag;
        Http.await(amqp.publish(signals, 1, 1, i -> signal(org, "sentinel-" + bench.runId + "-" + tag, sentinel)),
                Duration.ofSeconds(15));
        if (!waitFor(org, sentinel, limit)) {
            return null;
        }
        return new Round(count + 1, published, (System.nanoTime() - start) / 1e9);
    }

    /** The same messages to the no-op consumer: its rate, or 0 if it did not get them all in time. */
    private double noopRound(Amqp amqp, AmqpSender sender, AtomicLong received, AtomicLong lastAt, String org, String steady,
            String tag, int count, int window, Duration limit) throws Exception {
        long target = received.get() + count;
        long start = System.nanoTime();
        String prefix = "n-" + bench.runId + "-" + tag + "-";
        Http.await(amqp.publish(sender, count, window, i -> signal(org, prefix + i, steady)), limit);
        long deadline = System.nanoTime() + limit.toNanos();
        while (received.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return received.get() < target ? 0 : count / ((lastAt.get() - start) / 1e9);
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
