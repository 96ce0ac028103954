package io.tocsin.autodraft.catalogue;

import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.Db;
import io.tocsin.autodraft.audit.AuditKind;
import io.tocsin.autodraft.audit.AuditLog;
import io.tocsin.autodraft.audit.AuditEntry;
import io.tocsin.platform.http.Page;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.Caller;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The metric catalogue: admins configure policies; health is changed only by signals. */
@ApplicationScoped
public class MetricService {

    private final Pool pool;
    private final MetricRepository metrics;
    private final AuditLog audit;
    private final Entitlements entitlements;
    private final Clock clock;

    public MetricService(Pool pool, MetricRepository metrics, AuditLog audit, Entitlements entitlements, Clock clock) {
        this.pool = pool;
        this.metrics = metrics;
        this.audit = audit;
        this.entitlements = entitlements;
        this.clock = clock;
    }

    public Uni<Page<MetricView>> list(String org, MetricFilter filter, String afterSlug, int limit) {
        return metrics.list(pool, org, filter, afterSlug, limit).map(rows -> {
            boolean more = rows.size() > limit;
            List<Metric> page = more ? rows.subList(0, limit) : rows;
            String next = more ? MetricCursor.encode(page.get(page.size() - 1).slug()) : null;
            return new Page<>(page.stream().map(MetricView::of).toList(), next);
        });
    }

    public Uni<MetricView> get(String org, String slug) {
        return metrics.find(pool, org, slug).map(found -> MetricView.of(found.orElseThrow(() -> notFound(slug))));
    }

    /** Creates a metric; 409 when the slug is taken (also by a metric a signal registered: PUT replaces it). */
    public Uni<MetricView> create(Caller caller, NewMetricRequest request) {
        entitlements.requirePolicyAllowed(request.policy());
        Instant now = now();
        Metric metric = configured(caller.org(), request.slug(), request.settings(), now);
        return pool.withTransaction(tx -> MetricLock.lock(tx, caller.org(), request.slug())
                .flatMap(locked -> metrics.insert(tx, metric))
                .flatMap(created -> {
                    if (!created) {
                        throw ProblemException.conflict("metric-exists", "a metric with slug '" + request.slug()
                                + "' already exists; PUT /api/metrics/" + request.slug() + " replaces it");
                    }
                    return auditPolicy(tx, caller, null, metric, now);
                })
                .replaceWith(MetricView.of(metric)));
    }

    /** Creates or replaces a metric's configuration; its health stays as it is. */
    public Uni<Replaced> replace(Caller caller, String slug, MetricSettings settings) {
        Instant now = now();
        return pool.withTransaction(tx -> MetricLock.lock(tx, caller.org(), slug)
                .flatMap(locked -> metrics.find(tx, caller.org(), slug))
                .flatMap(found -> {
                    // The plan gate is about turning auto-drafting on: a metric already on may be edited.
                    if (found.isEmpty() || found.get().policy() == Policy.OFF) {
                        entitlements.requirePolicyAllowed(settings.policy());
                    }
                    if (found.isEmpty()) {
                        Metric metric = configured(caller.org(), slug, settings, now);
                        return metrics.insert(tx, metric)
                                .flatMap(inserted -> auditPolicy(tx, caller, null, metric, now))
                                .replaceWith(new Replaced(MetricView.of(metric), true));
                    }
                    Metric before = found.get();
                    Metric after = new Metric(before.org(), slug, settings.titleStripped(), settings.servicesOrEmpty(),
                            settings.threshold(), settings.policyOrDefault(), settings.dwellSecondsOrDefault(),
                            settings.severityOrDefault(), before.health(), before.lastValue(), before.unhealthySince(),
                            before.lastTransitionAt(), before.transitionSeq(), before.flipSeverity(), before.flipScore(),
                            before.lastDraftRequestedAt(), before.lastDraftedAt(), before.lastDismissedAt(), before.createdAt(), now);
                    Uni<Void> audited = before.policySettings().equals(after.policySettings())
                            ? Uni.createFrom().voidItem()
                            : auditPolicy(tx, caller, before, after, now);
                    return metrics.updateSettings(tx, after).flatMap(v -> audited)
                            .replaceWith(new Replaced(MetricView.of(after), false));
                }));
    }

    /** The audit log of a metric, newest first; 404 for a metric the organisation does not have. */
    public Uni<Page<AuditEntry>> audit(String org, String slug, String cursor, int limit) {
        return metrics.find(pool, org, slug).flatMap(found -> {
            if (found.isEmpty()) {
                throw notFound(slug);
            }
            return audit.page(pool, org, slug, cursor, limit);
        });
    }

    /** The answer to a PUT: the metric and whether it was created. */
    public record Replaced(MetricView metric, boolean created) {
    }

    private Uni<Void> auditPolicy(SqlConnection tx, Caller caller, Metric before, Metric after, Instant now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", before == null ? null : settingsMap(before));
        details.put("to", settingsMap(after));
        details.put("by", caller.sub());
        return audit.append(tx, after.org(), after.slug(), AuditKind.POLICY_CHANGED, null, details, now);
    }

    private static Map<String, Object> settingsMap(Metric metric) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("policy", metric.policy().wire());
        map.put("dwellSeconds", metric.dwellSeconds());
        map.put("severity", metric.severity().wire());
        return map;
    }

    private static Metric configured(String org, String slug, MetricSettings s, Instant now) {
        return new Metric(org, slug, s.titleStripped(), s.servicesOrEmpty(), s.threshold(), s.policyOrDefault(),
                s.dwellSecondsOrDefault(), s.severityOrDefault(), Health.UNKNOWN, null, null, null, 0, null, null, null, null,
                null, now, now);
    }

    public static ProblemException notFound(String slug) {
        return ProblemException.notFound("metric " + slug);
    }

    private Instant now() {
        return Db.micros(clock.instant());
    }
}
