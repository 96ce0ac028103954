package io.tocsin.bench;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Incident create (auth, validation, outbox, timeline) through the gateway and directly to
 * incident-service, against pgbench running the same transaction on the same PostgreSQL: look up
 * the service's on-call, take the next reference, insert the incident, its "declared" timeline
 * entry and its outbox event. pgbench writes to copies of the tables in schema {@code benchref}
 * (same columns, indexes and foreign key; the outbox row with a trace context, as the service's carry one) so that the
 * outbox relay never sees its rows.
 */
final class CreateScenario {

    static final int ORGS = 8;
    /** Rounds of 5 s: a cold suite takes a few minutes of creates to reach its steady rate on 2 cores. */
    private static final int WARMUP_ROUNDS = 24;
    /** The longest wait for the suite to work off a max phase's events before a half-load phase. */
    private static final Duration QUIET_LIMIT = Duration.ofSeconds(120);
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private final Bench bench;

    CreateScenario(Bench bench) {
        this.bench = bench;
    }

    List<Result> run() throws Exception {
        int concurrency = 32;
        Duration round = bench.seconds(5, 2);
        Duration measure = bench.seconds(15, 3);
        String[] external = new String[ORGS];
        String[] internal = new String[ORGS];
        for (int i = 0; i < ORGS; i++) {
            external[i] = bench.ownerToken(org(i));
            internal[i] = bench.tokens.internal(org(i), List.of("owner"));
        }
        String prefix = "Bench create " + bench.runId + " ";

        Bench.log("create: warm-up in rounds of %ss until steady, then max throughput %ss with %d callers (gateway, then direct)",
                round.toSeconds(), measure.toSeconds(), concurrency);
        int[] rounds = {0};
        JsonObject gatewayWarmup = Warmup.untilSteady(bench, "create through the gateway", WARMUP_ROUNDS, () -> {
            String p = prefix + "w" + rounds[0]++ + " ";
            return bench.gateway.closed(concurrency, round, i -> call(external[i % ORGS], p + i)).rate();
        });
        CpuMeter cpu = new CpuMeter(bench);
        Map<String, Long> cpuBefore = cpu.snapshot();
        Http.Outcome gatewayMax = bench.gateway.closed(concurrency, measure, i -> call(external[i % ORGS], prefix + "g" + i));
        JsonObject gatewayCpu = cpu.since(cpuBefore, gatewayMax.ok());
        JsonObject directWarmup = Warmup.untilSteady(bench, "create direct", WARMUP_ROUNDS, () -> {
            String p = prefix + "dw" + rounds[0]++ + " ";
            return bench.incidentDirect.closed(concurrency, round, i -> call(internal[i % ORGS], p + i)).rate();
        });
        cpuBefore = cpu.snapshot();
        Http.Outcome directMax = bench.incidentDirect.closed(concurrency, measure, i -> call(internal[i % ORGS], prefix + "d" + i));
        JsonObject directCpu = cpu.since(cpuBefore, directMax.ok());
        Bench.log("create: max %.0f/s through the gateway, %.0f/s direct", gatewayMax.rate(), directMax.rate());

        // Latency at half load is a steady state: the events of the max phase just before (consumed by notifier and
        // autodraft-service, on the same two cores) are worked off first, as between scenarios.
        double halfGateway = Math.max(1, gatewayMax.rate() / 2);
        double halfDirect = Math.max(1, directMax.rate() / 2);
        double gatewayHalfWaited = bench.awaitQuiet(QUIET_LIMIT);
        Http.Outcome gatewayHalf = bench.gateway.open(halfGateway, measure, i -> call(external[i % ORGS], prefix + "gh" + i));
        double directHalfWaited = bench.awaitQuiet(QUIET_LIMIT);
        for (int i = 0; i < ORGS; i++) {
            internal[i] = bench.tokens.internal(org(i), List.of("owner"));
        }
        Http.Outcome directHalf = bench.incidentDirect.open(halfDirect, measure, i -> call(internal[i % ORGS], prefix + "dh" + i));
        Bench.log("create: at half load p50/p99 %.1f/%.1f ms (gateway), %.1f/%.1f ms (direct); waited %.0fs and %.0fs for the"
                + " max phases' events", gatewayHalf.latencies().millis(50), gatewayHalf.latencies().millis(99),
                directHalf.latencies().millis(50), directHalf.latencies().millis(99), gatewayHalfWaited, directHalfWaited);

        Double pgbenchTps = null;
        String note = null;
        JsonObject pgbenchDetails = new JsonObject();
        if (bench.pgbench.isEmpty()) {
            note = "reference unavailable: pgbench not found";
        } else {
            try {
                pgbenchTps = pgbench(concurrency, measure, pgbenchDetails);
            } catch (Exception e) {
                note = "reference unavailable: pgbench failed: " + e.getMessage();
            }
        }

        JsonObject details = new JsonObject().put("callers", concurrency).put("organisations", ORGS)
                .put("gateway_warmup", gatewayWarmup).put("direct_warmup", directWarmup)
                .put("gateway_max", gatewayMax.toJson().put("cpu", gatewayCpu))
                .put("direct_max", directMax.toJson().put("cpu", directCpu))
                .put("gateway_half_load", gatewayHalf.toJson().put("target_rate_per_s", Result.round(halfGateway, 1))
                        .put("quiet_wait_s", Result.round(gatewayHalfWaited, 1)))
                .put("direct_half_load", directHalf.toJson().put("target_rate_per_s", Result.round(halfDirect, 1))
                        .put("quiet_wait_s", Result.round(directHalfWaited, 1)))
                .put("pgbench", pgbenchDetails);
        String ref = "pgbench, same transaction (" + concurrency + " clients)";
        double gwRate = Result.round(gatewayMax.rate(), 1);
        double dRate = Result.round(directMax.rate(), 1);
        Double gwRatio = Result.ratio(gwRate, pgbenchTps);
        Double dRatio = Result.ratio(dRate, pgbenchTps);
        double p99 = gatewayHalf.latencies().millis(99);
        double p99Direct = directHalf.latencies().millis(99);
        List<Result> results = new ArrayList<>();
        results.add(new Result("create-gateway", "incident create through the gateway", "max creates/s", gwRate, "creates/s",
                ref, pgbenchTps, gwRatio, "≥ 25 % of pgbench", gwRatio == null ? null : gwRatio >= 0.25,
                errors(gatewayMax, note), details));
        results.add(new Result("create-direct", "incident create direct to incident-service", "max creates/s", dRate,
                "creates/s", ref, pgbenchTps, dRatio, "≥ 40 % of pgbench", dRatio == null ? null : dRatio >= 0.40,
                errors(directMax, note), new JsonObject()));
        results.add(new Result("create-latency", "incident create through the gateway at 50 % of max",
                "p50 / p99 latency (ms)", p99, "ms (p99)", null, null, null, "p99 ≤ 50 ms",
                gatewayHalf.ok() == 0 ? null : p99 <= 50,
                String.format("p50 %.1f ms at %.0f/s; direct to incident-service p50 %.1f / p99 %.1f ms at %.0f/s%s",
                        gatewayHalf.latencies().millis(50), halfGateway, directHalf.latencies().millis(50), p99Direct,
                        halfDirect, gatewayHalf.failed() > 0 ? "; " + gatewayHalf.failed() + " failed" : ""),
                new JsonObject()));
        return results;
    }

    private static String errors(Http.Outcome outcome, String note) {
        String failed = outcome.failed() == 0 ? null : outcome.failed() + " requests failed " + outcome.statuses();
        if (failed == null) {
            return note;
        }
        return note == null ? failed : note + "; " + failed;
    }

    static String org(int i) {
        return "bench-create-" + i;
    }

    private static Http.Call call(String token, String title) {
        return Http.Call.postJson("/api/incidents", token, new JsonObject().put("title", title).put("severity", "SEV4")
                .put("services", List.of("bench-svc")).put("environment", "production")
                .put("description", "Created by the benchmark").encode());
    }

    /** Same transaction as the service's create, on copies of its tables; returns transactions per second. */
    private double pgbench(int clients, Duration duration, JsonObject details) throws Exception {
        String payload;
        try (Connection c = bench.jdbc(); Statement s = c.createStatement()) {
            for (String ddl : List.of(
                    "CREATE SCHEMA IF NOT EXISTS benchref",
                    "DROP TABLE IF EXISTS benchref.outbox, benchref.timeline_entries, benchref.incidents,"
                            + " benchref.reference_counters, benchref.services",
                    "CREATE TABLE benchref.services (LIKE incident.services INCLUDING ALL)",
                    "CREATE TABLE benchref.reference_counters (LIKE incident.reference_counters INCLUDING ALL)",
                    "CREATE TABLE benchref.incidents (LIKE incident.incidents INCLUDING ALL)",
                    "CREATE TABLE benchref.timeline_entries (LIKE incident.timeline_entries INCLUDING ALL)",
                    "ALTER TABLE benchref.timeline_entries ADD FOREIGN KEY (incident_id) REFERENCES benchref.incidents (id)",
                    "CREATE TABLE benchref.outbox (LIKE incident.outbox INCLUDING ALL)",
                    // The service's ids start with their millisecond (RowIds, UUID version 7); so do these.
                    "CREATE OR REPLACE FUNCTION benchref.row_id() RETURNS uuid LANGUAGE sql VOLATILE AS $$ SELECT"
                            + " (lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7'"
                            + " || substr(md5(random()::text), 1, 3) || to_hex(8 + floor(random() * 4)::int)"
                            + " || substr(md5(random()::text), 1, 15))::uuid $$",
                    // The outbox has no NOTIFY trigger any more (the service wakes its relay itself): nor has this copy.
                    "DROP FUNCTION IF EXISTS benchref.notify_outbox()")) {
                s.execute(ddl);
            }
            // The event the service wrote for one of the creates just measured: pgbench writes the same bytes.
            try (ResultSet rs = s.executeQuery("SELECT payload::text FROM incident.outbox WHERE org_id = '" + org(0)
                    + "' ORDER BY id DESC LIMIT 1")) {
                payload = rs.next() ? rs.getString(1) : "{}";
            }
        }
        int year = Year.now().getValue();
        String script = String.join("\n",
                "\\set o random(0, " + (ORGS - 1) + ")",
                "BEGIN;",
                "SELECT oncall_user_id FROM benchref.services WHERE org_id = 'bench-create-' || :o AND slug = ANY(ARRAY['bench-svc']);",
                "INSERT INTO benchref.reference_counters (org_id, year, last_value) VALUES ('bench-create-' || :o, " + year
                        + ", 1) ON CONFLICT (org_id, year) DO UPDATE SET last_value = benchref.reference_counters.last_value + 1"
                        + " RETURNING last_value \\gset",
                "INSERT INTO benchref.incidents (id, org_id, reference, title, description, severity, status, environment,"
                        + " services, owners, commander_id, declared_by, source_kind, source_external_id, custom_fields,"
                        + " auto_drafted, impact_started_at, detected_at, declared_at, acknowledged_at, mitigated_at, resolved_at,"
                        + " mitigation_summary, resolution_summary, last_update_at, created_at, updated_at, version)"
                        + " VALUES (benchref.row_id(), 'bench-create-' || :o, 'INC-" + year + "-' || lpad(:last_value::text, 4, '0'),"
                        + " 'Bench create pgbench', 'Created by the benchmark', 'SEV4', 'declared', 'production',"
                        + " ARRAY['bench-svc'], '{}', NULL, 'bench-user', 'manual', NULL, '{}', false, NULL, NULL, now(), NULL,"
                        + " NULL, NULL, NULL, NULL, now(), now(), now(), 1) RETURNING id \\gset",
                "INSERT INTO benchref.timeline_entries (id, org_id, incident_id, kind, type, message, author_id, data, occurred_at)"
                        + " VALUES (benchref.row_id(), 'bench-create-' || :o, :id, 'declared', NULL, 'Incident declared (SEV4)',"
                        + " 'bench-user', '{}', now());",
                "INSERT INTO benchref.outbox (address, aggregate_id, event_id, type, source, subject, org_id, occurred_at, payload,"
                        + " traceparent) VALUES ('tocsin.incident.events', :id, benchref.row_id(), 'incident.created',"
                        + " '/orgs/bench-create-' || :o || '/incidents/' || :id, :id, 'bench-create-' || :o, now(), '"
                        + payload.replace("'", "''") + "'::text::jsonb, '00-' || md5(random()::text) || '-'"
                        + " || left(md5(random()::text), 16) || '-00');",
                "COMMIT;", "");
        Path file = bench.work.resolve("create-pgbench.sql");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        List<String> command = List.of(bench.pgbench.get().toString(), "-h", "127.0.0.1", "-p", String.valueOf(bench.pgPort()),
                "-U", "postgres", "-n", "-M", "prepared", "-c", String.valueOf(clients), "-j", "2", "-T",
                String.valueOf(duration.toSeconds()), "-f", file.toString(), "tocsin");
        Bench.log("create: pgbench reference, %d clients, %ss", clients, duration.toSeconds());
        String output = External.run(command, Map.of("PGPASSWORD", "postgres"), duration.plusSeconds(60),
                bench.work.resolve("create-pgbench.log"));
        Matcher m = TPS.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no tps in pgbench output: " + External.tail(output));
        }
        double tps = Result.round(Double.parseDouble(m.group(1)), 1);
        details.put("clients", clients).put("seconds", duration.toSeconds()).put("tps", tps).put("script", file.getFileName().toString());
        Bench.log("create: pgbench %.0f transactions/s", tps);
        return tps;
    }
}
