package io.tocsin.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * A storm of repeated firing alerts: Alertmanager webhook v4 notifications of the same 50 alerts,
 * sent again and again (no state change after the first), through the gateway with an API key;
 * against Prometheus Alertmanager 0.25 ingesting the same alerts on {@code /api/v2/alerts}. The
 * database's row writes during the Tocsin run are counted: only transitions may write.
 */
final class AlertStormScenario {

    private static final int ALERTS = 50;
    /** Warm-up rounds of 3 s, until steady (see {@link Warmup}); the same for Alertmanager. */
    private static final int WARMUP_ROUNDS = 20;
    private final Bench bench;

    AlertStormScenario(Bench bench) {
        this.bench = bench;
    }

    Result run() throws Exception {
        int concurrency = 8;
        Duration warm = bench.seconds(3, 1);
        Duration measure = bench.seconds(15, 3);
        String org = "bench-alerts";
        Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        Http.Answer created = bench.gateway.await(Http.Call.postJson("/api/api-keys", bench.ownerToken(org),
                new JsonObject().put("name", "bench alertmanager " + bench.runId).put("roles", List.of("responder")).encode()));
        if (created.status() != 201) {
            throw new IllegalStateException("creating an API key answered " + created.status() + ": " + created.body());
        }
        String key = created.json().getString("key");
        String webhook = webhook(startsAt).encode();
        Http.Answer first = bench.gateway.await(Http.Call.postJson("/api/signals/alertmanager", key, webhook));
        if (first.status() / 100 != 2) {
            throw new IllegalStateException("the first notification answered " + first.status() + ": " + first.body());
        }
        Bench.log("alerts: batches of %d alerts for %ss, %d callers", ALERTS, measure.toSeconds(), concurrency);
        JsonObject warmup = Warmup.untilSteady(bench, "alerts (Tocsin)", WARMUP_ROUNDS,
                () -> bench.gateway.closed(concurrency, warm, i -> Http.Call.postJson("/api/signals/alertmanager", key, webhook)).rate());
        Thread.sleep(1500);
        long[] before = rowWrites();
        CpuMeter cpu = new CpuMeter(bench);
        Map<String, Long> cpuBefore = cpu.snapshot();
        Http.Outcome tocsin = bench.gateway.closed(concurrency, measure,
                i -> Http.Call.postJson("/api/signals/alertmanager", key, webhook));
        JsonObject tocsinCpu = cpu.since(cpuBefore, tocsin.ok());
        Thread.sleep(1500); // backends report their table statistics at most once a second
        long[] after = rowWrites();
        JsonObject writes = new JsonObject().put("rows_inserted", after[0] - before[0]).put("rows_updated", after[1] - before[1])
                .put("rows_deleted", after[2] - before[2]).put("commits", after[3] - before[3]);
        Bench.log("alerts: Tocsin %.1f batches/s; database row writes during the run %s", tocsin.rate(), writes);

        JsonObject details = new JsonObject().put("alerts_per_batch", ALERTS).put("callers", concurrency)
                .put("tocsin_warmup", warmup)
                .put("tocsin", tocsin.toJson().put("cpu", tocsinCpu)).put("database_during_tocsin_run", writes);
        Double reference = null;
        String note = null;
        if (bench.alertmanager.isEmpty()) {
            note = "reference unavailable: Alertmanager binary not found";
        } else {
            try {
                Http.Outcome am = alertmanager(startsAt, concurrency, warm, measure);
                details.put("alertmanager", am.toJson());
                reference = Result.round(am.rate(), 1);
            } catch (Exception e) {
                note = "reference unavailable: " + e.getMessage();
            }
        }
        double figure = Result.round(tocsin.rate(), 1);
        Double ratio = Result.ratio(figure, reference);
        long writesPerBatch = (after[0] - before[0]) + (after[1] - before[1]) + (after[2] - before[2]);
        String writeNote = "rows written to the autodraft schema during the run: " + writesPerBatch;
        return new Result("alert-storm", "repeated firing alerts (Alertmanager v4 webhooks, 50 alerts each)",
                "batches/s accepted", figure, "batches/s", "Prometheus Alertmanager 0.25, /api/v2/alerts", reference, ratio,
                "≥ 1.0× Alertmanager", ratio == null ? null : ratio >= 1.0,
                (note == null ? "" : note + "; ") + writeNote + (tocsin.failed() > 0 ? "; failed " + tocsin.statuses() : ""),
                details);
    }

    private long[] rowWrites() throws Exception {
        try (Connection c = bench.jdbc(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(sum(n_tup_ins), 0), coalesce(sum(n_tup_upd), 0),"
                        + " coalesce(sum(n_tup_del), 0), (SELECT xact_commit FROM pg_stat_database WHERE datname = 'tocsin')"
                        + " FROM pg_stat_user_tables WHERE schemaname = 'autodraft'")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
        }
    }

    private static JsonObject labels(int i) {
        return new JsonObject().put("alertname", "BenchHighErrorRate" + i).put("service", "bench-svc-" + (i % 10))
                .put("severity", "major").put("instance", "host-" + i + ":9100").put("job", "bench");
    }

    private static JsonObject webhook(Instant startsAt) {
        JsonArray alerts = new JsonArray();
        for (int i = 0; i < ALERTS; i++) {
            alerts.add(new JsonObject().put("status", "firing").put("labels", labels(i))
                    .put("annotations", new JsonObject().put("summary", "Error rate above 5% on host-" + i))
                    .put("startsAt", startsAt.toString()).put("endsAt", "0001-01-01T00:00:00Z")
                    .put("generatorURL", "http://prometheus.local/graph?g0.expr=errors" + i)
                    .put("fingerprint", String.format("%016x", 0x5eed0000L + i)));
        }
        return new JsonObject().put("version", "4").put("groupKey", "{}:{alertname=~\"BenchHighErrorRate.*\"}")
                .put("truncatedAlerts", 0).put("status", "firing").put("receiver", "tocsin")
                .put("groupLabels", new JsonObject().put("job", "bench")).put("commonLabels", new JsonObject().put("job", "bench"))
                .put("commonAnnotations", new JsonObject()).put("externalURL", "http://alertmanager.local").put("alerts", alerts);
    }

    private static JsonArray postable(Instant startsAt) {
        JsonArray alerts = new JsonArray();
        for (int i = 0; i < ALERTS; i++) {
            alerts.add(new JsonObject().put("labels", labels(i))
                    .put("annotations", new JsonObject().put("summary", "Error rate above 5% on host-" + i))
                    .put("startsAt", startsAt.toString()).put("generatorURL", "http://prometheus.local/graph?g0.expr=errors" + i));
        }
        return alerts;
    }

    /** Where Debian's build of Alertmanager reads its default templates; it cannot be changed by a flag. */
    private static final String DEBIAN_TEMPLATES = "/usr/share/prometheus/alertmanager";
    /** A path of the same length that the bench points at the templates unpacked beside the binary. */
    private static final String BENCH_TEMPLATES = "/tmp/tocsin-bench-alertmanager-tpl";

    /**
     * The package's binary with its template folder re-pointed (same length, byte for byte) at a
     * link to the templates unpacked from the same package, so that it runs without installing.
     */
    private Path patched(Path dir) throws Exception {
        Path binary = bench.alertmanager.get();
        Path templates = binary.getParent().resolveSibling("share/prometheus/alertmanager").toAbsolutePath();
        if (Files.isRegularFile(Path.of(DEBIAN_TEMPLATES, "default.tmpl"))) {
            return binary;
        }
        Path link = Path.of(BENCH_TEMPLATES);
        if (Files.isSymbolicLink(link)) {
            Files.delete(link);
        }
        Files.createSymbolicLink(link, templates);
        byte[] bytes = Files.readAllBytes(binary);
        byte[] from = DEBIAN_TEMPLATES.getBytes(StandardCharsets.US_ASCII);
        byte[] to = BENCH_TEMPLATES.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (bytes[i] == from[0] && java.util.Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, bytes, i, to.length);
            }
        }
        Path copy = dir.resolve("alertmanager");
        Files.write(copy, bytes);
        copy.toFile().setExecutable(true);
        return copy;
    }

    private Http.Outcome alertmanager(Instant startsAt, int concurrency, Duration warm, Duration measure) throws Exception {
        Path dir = bench.work.resolve("alertmanager");
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, "route:\n  receiver: discard\n  group_by: ['job']\nreceivers:\n  - name: discard\n",
                StandardCharsets.UTF_8);
        int port = bench.alertmanagerPort();
        Process process = External.start(List.of(patched(dir).toString(), "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=",
                "--log.level=warn"), Map.of(), dir.resolve("alertmanager.log"));
        try (Http http = new Http(bench.vertx, port, 16)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Alertmanager exited: " + External.tail(Files.readString(dir.resolve("alertmanager.log"))));
                }
                try {
                    if (http.await(new Http.Call(io.vertx.core.http.HttpMethod.GET, "/-/ready", Map.of(), null)).status() == 200) {
                        break;
                    }
                } catch (IllegalStateException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Alertmanager not ready within 30s");
                }
                Thread.sleep(200);
            }
            String body = postable(startsAt).encode();
            Map<String, String> headers = Map.of("Content-Type", "application/json");
            Warmup.untilSteady(bench, "alerts (Alertmanager)", WARMUP_ROUNDS, () -> http.closed(concurrency, warm,
                    i -> new Http.Call(io.vertx.core.http.HttpMethod.POST, "/api/v2/alerts", headers,
                            io.vertx.core.buffer.Buffer.buffer(body))).rate());
            Http.Outcome outcome = http.closed(concurrency, measure, i -> new Http.Call(io.vertx.core.http.HttpMethod.POST,
                    "/api/v2/alerts", headers, io.vertx.core.buffer.Buffer.buffer(body)));
            Bench.log("alerts: Alertmanager %.1f batches/s", outcome.rate());
            return outcome;
        } finally {
            External.stop(process, Duration.ofSeconds(10));
        }
    }
}
