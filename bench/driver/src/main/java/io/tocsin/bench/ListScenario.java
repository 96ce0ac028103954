package io.tocsin.bench;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The incident list with filters on an organisation holding 1M incidents (seeded once with SQL and
 * kept in the bench data folder), through the gateway: a mix of filters and keyset pages.
 */
final class ListScenario {

    private final Bench bench;

    ListScenario(Bench bench) {
        this.bench = bench;
    }

    Result run() throws Exception {
        int size = bench.full() ? 1_000_000 : 20_000;
        String org = bench.full() ? "bench-list" : "bench-list-smoke";
        seed(org, size);
        String token = bench.ownerToken(org);
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("newest", "/api/incidents?limit=50");
        queries.put("status+severity", "/api/incidents?status=resolved&severity=SEV2&limit=50");
        queries.put("service", "/api/incidents?service=svc-07&limit=50");
        queries.put("environment+severity", "/api/incidents?environment=staging&severity=SEV1&limit=50");
        queries.put("open statuses", "/api/incidents?status=investigating&status=mitigated&limit=50");
        queries.put("title text", "/api/incidents?q=database&limit=50");
        queries.put("declared window", "/api/incidents?from=2025-03-01T00:00:00Z&to=2025-03-08T00:00:00Z&limit=50");
        // Keyset pages: the cursors of pages 2 to 4 of the newest-first list.
        String cursor = null;
        for (int page = 2; page <= 4; page++) {
            Http.Answer answer = bench.gateway.await(Http.Call.get("/api/incidents?limit=50"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), token));
            cursor = answer.json().getString("nextCursor");
            if (cursor == null) {
                break;
            }
            queries.put("page " + page, "/api/incidents?limit=50&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        }
        Duration each = bench.seconds(4, 1);
        Latencies all = new Latencies();
        JsonObject perQuery = new JsonObject();
        List<String> failures = new ArrayList<>();
        Bench.log("list: %d queries, %ss each, 4 callers, %d incidents in %s", queries.size(), each.toSeconds(), size, org);
        for (Map.Entry<String, String> query : queries.entrySet()) {
            bench.gateway.closed(2, Duration.ofSeconds(1), i -> Http.Call.get(query.getValue(), token));
            Http.Outcome outcome = bench.gateway.closed(4, each, i -> Http.Call.get(query.getValue(), token));
            all.add(outcome.latencies());
            perQuery.put(query.getKey(), outcome.toJson().put("path", query.getValue()));
            if (outcome.failed() > 0) {
                failures.add(query.getKey() + " " + outcome.statuses());
            }
            Bench.log("list: %-22s p50 %6.1f ms  p99 %6.1f ms  %6.0f/s", query.getKey(), outcome.latencies().millis(50),
                    outcome.latencies().millis(99), outcome.rate());
        }
        double p99 = all.millis(99);
        String worst = null;
        double worstP99 = 0;
        for (String name : perQuery.fieldNames()) {
            double q99 = perQuery.getJsonObject(name).getJsonObject("latency").getDouble("p99_ms");
            if (q99 > worstP99) {
                worstP99 = q99;
                worst = name;
            }
        }
        JsonObject details = new JsonObject().put("organisation", org).put("incidents", size).put("callers", 4)
                .put("overall", all.toJson()).put("queries", perQuery);
        String note = String.format("p50 %.1f ms; slowest filter: %s (p99 %.1f ms)%s", all.millis(50), worst, worstP99,
                failures.isEmpty() ? "" : "; failures: " + failures);
        return new Result("list-1m", "incident list with filters, " + (bench.full() ? "1M" : size) + " incidents in the org",
                "p50 / p99 latency (ms), all filters", p99, "ms (p99)", null, null, null, "p99 ≤ 20 ms",
                failures.isEmpty() ? p99 <= 20 : null, note, details);
    }

    /** Inserts {@code size} incidents for the organisation unless it already has exactly that many. */
    private void seed(String org, int size) throws Exception {
        try (Connection c = bench.jdbc()) {
            try (PreparedStatement q = c.prepareStatement("SELECT count(*) FROM incident.incidents WHERE org_id = ?")) {
                q.setString(1, org);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == size) {
                        Bench.log("list: %s already holds %d incidents", org, size);
                        return;
                    }
                }
            }
            Bench.log("list: seeding %d incidents into %s (once; kept in the bench data folder)", size, org);
            long start = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = '15min'");
                s.execute("DELETE FROM incident.incidents WHERE org_id = '" + org + "'");
                s.execute("INSERT INTO incident.incidents (id, org_id, reference, title, description, severity, status, environment,"
                        + " services, owners, commander_id, declared_by, source_kind, source_external_id, custom_fields, auto_drafted,"
                        + " impact_started_at, detected_at, declared_at, acknowledged_at, mitigated_at, resolved_at,"
                        + " mitigation_summary, resolution_summary, last_update_at, overdue_notified_for, created_at, updated_at, version)"
                        + " SELECT gen_random_uuid(), '" + org + "', 'INC-L-' || lpad(n::text, 7, '0'),"
                        + " (ARRAY['Elevated errors on', 'Latency spike in', 'Database failover for', 'Queue backlog in',"
                        + "        'Certificate expiry on', 'Disk pressure on'])[1 + n % 6] || ' ' || 'svc-' || lpad((1 + n % 20)::text, 2, '0'),"
                        + " '', (ARRAY['SEV1', 'SEV2', 'SEV2', 'SEV3', 'SEV3', 'SEV3', 'SEV4', 'SEV4', 'SEV4', 'SEV4'])[1 + (n / 7) % 10],"
                        + " status, CASE WHEN n % 5 = 0 THEN 'staging' ELSE 'production' END,"
                        + " CASE WHEN n % 3 = 0 THEN ARRAY['svc-' || lpad((1 + n % 20)::text, 2, '0'), 'svc-' || lpad((1 + (n / 20) % 20)::text, 2, '0')]"
                        + "      ELSE ARRAY['svc-' || lpad((1 + n % 20)::text, 2, '0')] END,"
                        + " '{}', 'u-' || (n % 200), 'u-' || (n % 300), 'manual', NULL, '{}', false,"
                        + " NULL, NULL, created_at, created_at + interval '5 minutes', NULL,"
                        + " CASE WHEN status = 'resolved' THEN created_at + interval '2 hours' END, NULL,"
                        + " CASE WHEN status = 'resolved' THEN 'Fixed' END, created_at, created_at, created_at, created_at, 1"
                        + " FROM (SELECT n, timestamptz '2024-01-01 00:00:00+00' + (n * (interval '730 days' / " + size + ")) AS created_at,"
                        + "        CASE WHEN n % 1000 = 1 THEN 'investigating' WHEN n % 1000 = 2 THEN 'mitigated'"
                        + "             WHEN n % 1000 = 3 THEN 'declared' WHEN n % 100 = 4 THEN 'dismissed' ELSE 'resolved' END AS status"
                        + "      FROM generate_series(1, " + size + ") AS n) AS rows");
                s.execute("VACUUM ANALYZE incident.incidents");
            }
            Bench.log("list: seeded in %.0fs", (System.nanoTime() - start) / 1e9);
        }
    }
}
