package io.tocsin.incident.analytics;

import io.smallrye.mutiny.Uni;
import io.tocsin.incident.analytics.IncidentAnalytics.BucketCount;
import io.tocsin.incident.analytics.IncidentAnalytics.DurationMetric;
import io.tocsin.incident.analytics.IncidentAnalytics.Filters;
import io.tocsin.incident.analytics.IncidentAnalytics.Missing;
import io.tocsin.incident.analytics.IncidentAnalytics.ResponseTargets;
import io.tocsin.incident.analytics.IncidentAnalytics.ServiceCount;
import io.tocsin.incident.analytics.IncidentAnalytics.SeverityShare;
import io.tocsin.incident.attribution.TeamAttribution;
import io.tocsin.incident.lifecycle.Severity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Computes incident analytics in one SQL statement: the incidents of the window are picked once
 * (by the {@code incidents_analytics} index on organisation and declaration time), then counted,
 * bucketed and measured ({@code avg}, {@code percentile_cont}) by the database.
 */
@ApplicationScoped
public class AnalyticsRepository {

    /** How many ids of incidents lacking a timestamp are listed per metric. */
    static final int MISSING_IDS = 100;
    static final int TOP_SERVICES = 10;

    /**
     * When an incident declared at {@code i.declared_at} must be acknowledged: SEV1–SEV3 after
     * their response time; SEV4 by the end (24:00 UTC) of the next business day (Monday to Friday)
     * after the day it was declared: declared Friday or over the weekend, by Monday's end.
     */
    static final String DEADLINE = "CASE i.severity"
            + " WHEN 'SEV1' THEN i.declared_at + make_interval(secs => " + Severity.SEV1.responseTarget().toSeconds() + ")"
            + " WHEN 'SEV2' THEN i.declared_at + make_interval(secs => " + Severity.SEV2.responseTarget().toSeconds() + ")"
            + " WHEN 'SEV3' THEN i.declared_at + make_interval(secs => " + Severity.SEV3.responseTarget().toSeconds() + ")"
            + " ELSE ((i.declared_at AT TIME ZONE 'UTC')::date"
            + " + CASE EXTRACT(ISODOW FROM i.declared_at AT TIME ZONE 'UTC') WHEN 5 THEN 4 WHEN 6 THEN 3 ELSE 2 END)"
            + "::timestamp AT TIME ZONE 'UTC' END";

    static final Map<String, String> TARGETS = targets();

    public Uni<IncidentAnalytics> compute(SqlClient client, AnalyticsQuery query) {
        List<Object> params = new ArrayList<>(List.of(query.org(), ts(query.from()), ts(query.to()), ts(query.now()),
                query.bucket().wire()));
        StringBuilder where = new StringBuilder(" WHERE i.org_id = $1 AND i.status NOT IN ('draft', 'dismissed')"
                + " AND i.declared_at >= $2 AND i.declared_at < $3");
        if (!query.severities().isEmpty()) {
            params.add(query.severities().stream().map(Severity::name).toArray(String[]::new));
            where.append(" AND i.severity = ANY($").append(params.size()).append(')');
        }
        if (query.service() != null) {
            params.add(new String[] {query.service()});
            where.append(" AND i.services @> $").append(params.size()).append("::text[]");
        }
        if (query.environment() != null) {
            params.add(query.environment());
            where.append(" AND i.environment = $").append(params.size());
        }
        StringBuilder sql = new StringBuilder("WITH RECURSIVE ");
        String attribution = "";
        if (query.team() != null) {
            params.add(query.team());
            sql.append(TeamAttribution.subtree("scope", "$1", "$" + params.size())).append(", ");
            attribution = TeamAttribution.lateral("i", "attributed");
            where.append(" AND attributed.teams && ARRAY(SELECT id FROM scope)");
        }
        sql.append("picked AS (SELECT i.id, i.severity, i.services, i.declared_at,")
                .append(seconds("ttd", "i.impact_started_at", "i.declared_at")).append(',')
                .append(seconds("tta", "i.declared_at", "i.acknowledged_at")).append(',')
                .append(seconds("ttr", "i.declared_at", "i.resolved_at")).append(',')
                // acknowledged: in time or not; unacknowledged, open and past its target: missed; else not counted
                .append(" CASE WHEN i.acknowledged_at IS NOT NULL THEN i.acknowledged_at <= target.deadline")
                .append(" WHEN i.resolved_at IS NULL AND target.deadline < $4 THEN false END AS in_time")
                .append(" FROM incident.incidents i CROSS JOIN LATERAL (SELECT ").append(DEADLINE).append(" AS deadline) target")
                .append(attribution).append(where).append("),")
                .append(" stats AS (SELECT count(*) AS total,").append(metric("ttd")).append(',').append(metric("tta"))
                .append(',').append(metric("ttr")).append(',')
                .append(" count(in_time) AS counted, count(*) FILTER (WHERE in_time) AS within_target,")
                .append(" count(*) FILTER (WHERE NOT in_time AND tta IS NULL) AS unacknowledged_late FROM picked)")
                .append(" SELECT stats.*, (").append(BUCKETS).append(") AS buckets, (").append(SERVICES)
                .append(") AS top_services, (").append(BY_SEVERITY).append(") AS by_severity FROM stats");
        return client.preparedQuery(sql.toString()).execute(Tuple.from(params))
                .map(rows -> map(rows.iterator().next(), query));
    }

    /** Every bucket of the window, empty ones included, with its count per severity. */
    private static final String BUCKETS = "SELECT json_agg(json_build_object("
            + "'start', to_char(g.start, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
            + " 'SEV1', coalesce(b.sev1, 0), 'SEV2', coalesce(b.sev2, 0), 'SEV3', coalesce(b.sev3, 0),"
            + " 'SEV4', coalesce(b.sev4, 0)) ORDER BY g.start)"
            + " FROM generate_series(date_trunc($5, $2 AT TIME ZONE 'UTC'), ($3 AT TIME ZONE 'UTC') - interval '1 microsecond',"
            + " ('1 ' || $5)::interval) AS g(start)"
            + " LEFT JOIN (SELECT date_trunc($5, declared_at AT TIME ZONE 'UTC') AS start,"
            + " count(*) FILTER (WHERE severity = 'SEV1') AS sev1, count(*) FILTER (WHERE severity = 'SEV2') AS sev2,"
            + " count(*) FILTER (WHERE severity = 'SEV3') AS sev3, count(*) FILTER (WHERE severity = 'SEV4') AS sev4"
            + " FROM picked GROUP BY 1) b ON b.start = g.start";

    private static final String SERVICES = "SELECT json_agg(json_build_object('service', service, 'incidents', n)"
            + " ORDER BY n DESC, service) FROM (SELECT s AS service, count(*) AS n FROM picked"
            + " CROSS JOIN LATERAL unnest(picked.services) AS s GROUP BY s ORDER BY n DESC, s LIMIT " + TOP_SERVICES + ") t";

    private static final String BY_SEVERITY = "SELECT json_agg(json_build_object('severity', severity, 'incidents', n,"
            + " 'counted', counted, 'withinTarget', within_target)) FROM (SELECT severity, count(*) AS n,"
            + " count(in_time) AS counted, count(*) FILTER (WHERE in_time) AS within_target FROM picked GROUP BY severity) s";

    /** Seconds from one timestamp to the other; null when either is missing, 0 when they are out of order. */
    private static String seconds(String name, String start, String end) {
        return " CASE WHEN " + start + " IS NOT NULL AND " + end + " IS NOT NULL"
                + " THEN GREATEST(EXTRACT(EPOCH FROM " + end + " - " + start + ")::float8, 0) END AS " + name;
    }

    private static String metric(String name) {
        return " count(" + name + ") AS " + name + "_n, avg(" + name + ") AS " + name + "_mean,"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY " + name + ") AS " + name + "_p50,"
                + " percentile_cont(0.9) WITHIN GROUP (ORDER BY " + name + ") AS " + name + "_p90,"
                + " (array_agg(id ORDER BY declared_at, id) FILTER (WHERE " + name + " IS NULL))[1:" + MISSING_IDS + "] AS "
                + name + "_missing";
    }

    private static IncidentAnalytics map(Row row, AnalyticsQuery query) {
        long total = row.getLong("total");
        Filters filters = new Filters(query.team(), query.service(),
                query.severities().isEmpty() ? null : query.severities().stream().map(Severity::name).sorted().toList(),
                query.environment());
        return new IncidentAnalytics(query.from(), query.to(), query.bucket(), filters, total, buckets(row),
                services(row),
                duration(row, "ttd", total, "impactStartedAt", "declaredAt", "no impactStartedAt"),
                duration(row, "tta", total, "declaredAt", "acknowledgedAt", "no acknowledgedAt (not acknowledged yet, or not known)"),
                duration(row, "ttr", total, "declaredAt", "resolvedAt", "no resolvedAt (not resolved yet, or not known)"),
                targets(row, total));
    }

    private static DurationMetric duration(Row row, String name, long total, String from, String to, String reason) {
        long measured = row.getLong(name + "_n");
        UUID[] missing = row.getArrayOfUUIDs(name + "_missing");
        return new DurationMetric(from, to, measured, row.getDouble(name + "_mean"), row.getDouble(name + "_p50"),
                row.getDouble(name + "_p90"),
                new Missing(reason, total - measured, missing == null ? List.of() : Arrays.asList(missing)));
    }

    private static List<BucketCount> buckets(Row row) {
        JsonArray json = (JsonArray) row.getValue("buckets");
        List<BucketCount> buckets = new ArrayList<>();
        if (json == null) {
            return buckets;
        }
        for (int n = 0; n < json.size(); n++) {
            JsonObject bucket = json.getJsonObject(n);
            Map<String, Long> bySeverity = new LinkedHashMap<>();
            long sum = 0;
            for (Severity severity : Severity.values()) {
                long count = bucket.getLong(severity.name());
                bySeverity.put(severity.name(), count);
                sum += count;
            }
            buckets.add(new BucketCount(Instant.parse(bucket.getString("start")), sum, bySeverity));
        }
        return buckets;
    }

    private static List<ServiceCount> services(Row row) {
        JsonArray json = (JsonArray) row.getValue("top_services");
        List<ServiceCount> services = new ArrayList<>();
        if (json != null) {
            for (int n = 0; n < json.size(); n++) {
                JsonObject service = json.getJsonObject(n);
                services.add(new ServiceCount(service.getString("service"), service.getLong("incidents")));
            }
        }
        return services;
    }

    private static ResponseTargets targets(Row row, long total) {
        long counted = row.getLong("counted");
        long within = row.getLong("within_target");
        Map<String, SeverityShare> bySeverity = new LinkedHashMap<>();
        for (Severity severity : Severity.values()) {
            bySeverity.put(severity.name(), new SeverityShare(0, 0, 0, null));
        }
        JsonArray json = (JsonArray) row.getValue("by_severity");
        if (json != null) {
            for (int n = 0; n < json.size(); n++) {
                JsonObject s = json.getJsonObject(n);
                long sCounted = s.getLong("counted");
                long sWithin = s.getLong("withinTarget");
                bySeverity.put(s.getString("severity"), new SeverityShare(s.getLong("incidents"), sCounted, sWithin,
                        share(sWithin, sCounted)));
            }
        }
        return new ResponseTargets(TARGETS, counted, within, row.getLong("unacknowledged_late"), total - counted,
                share(within, counted), bySeverity);
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private static Map<String, String> targets() {
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("SEV1", "acknowledged at most 15 minutes after declaration");
        targets.put("SEV2", "acknowledged at most 30 minutes after declaration");
        targets.put("SEV3", "acknowledged at most 2 hours after declaration");
        targets.put("SEV4", "acknowledged by the end (24:00 UTC) of the next business day, Monday to Friday,"
                + " after the day of declaration");
        return Collections.unmodifiableMap(targets);
    }

    private static OffsetDateTime ts(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
