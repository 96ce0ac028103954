package io.tocsin.autodraft.scheduling;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.AutodraftSettings;
import io.tocsin.autodraft.audit.AuditKind;
import io.tocsin.autodraft.audit.AuditLog;
import io.tocsin.autodraft.catalogue.Metric;
import io.tocsin.autodraft.catalogue.MetricRepository;
import io.tocsin.autodraft.scheduling.DraftRules.Verdict;
import io.tocsin.contracts.commands.DraftIncident;
import io.tocsin.platform.db.AfterCommit;
import io.tocsin.platform.db.RowIds;
import io.tocsin.platform.outbox.OutboxWriter;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Carries out {@link DraftRules}' verdicts inside the caller's transaction (which holds the
 * metric's lock): a draft request is the {@code draft_incident} command in the outbox, an audit
 * row and the start of the cooldown, all committed with the state change that caused it.
 */
@ApplicationScoped
public class DraftPlanner {

    /** What led to a draft request, as audited and counted. */
    public enum Trigger {
        IMMEDIATE, DWELL;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MetricRepository metrics;
    private final DwellCheckRepository checks;
    private final AuditLog audit;
    private final OutboxWriter outbox;
    private final DraftCommands commands;
    private final AutodraftSettings settings;
    private final MeterRegistry registry;

    public DraftPlanner(MetricRepository metrics, DwellCheckRepository checks, AuditLog audit, OutboxWriter outbox,
            DraftCommands commands, AutodraftSettings settings, MeterRegistry registry) {
        this.metrics = metrics;
        this.checks = checks;
        this.audit = audit;
        this.outbox = outbox;
        this.commands = commands;
        this.settings = settings;
        this.registry = registry;
    }

    /** The metric (as just written) flipped unhealthy. */
    public Uni<Void> onFlip(SqlConnection tx, Metric metric, Instant now) {
        Verdict verdict = DraftRules.onFlip(metric, now, settings.cooldown());
        return switch (verdict.kind()) {
            case NOTHING -> Uni.createFrom().voidItem();
            case SCHEDULE -> checks.insert(tx, new DwellCheck(RowIds.next(), metric.org(), metric.slug(),
                    metric.transitionSeq(), verdict.dueAt()), now);
            case REQUEST -> request(tx, metric, Trigger.IMMEDIATE, metric.unhealthySince(), now);
            case SKIP -> skip(tx, metric, Trigger.IMMEDIATE, verdict, now);
        };
    }

    /** A dwell check is due for {@code metric} (read under its lock). */
    public Uni<Void> onDwellDue(SqlConnection tx, Metric metric, DwellCheck check, Instant now) {
        Verdict verdict = DraftRules.onDwellDue(metric, check.flipSeq(), now, settings.cooldown());
        return switch (verdict.kind()) {
            case NOTHING, SCHEDULE -> Uni.createFrom().voidItem();
            case REQUEST -> request(tx, metric, Trigger.DWELL, now, now);
            case SKIP -> skip(tx, metric, Trigger.DWELL, verdict, now);
        };
    }

    private Uni<Void> request(SqlConnection tx, Metric metric, Trigger trigger, Instant observedAt, Instant now) {
        String commandId = RowIds.next().toString();
        String severity = metric.draftSeverity().incidentSeverity();
        DraftIncident command = new DraftIncident(commandId, metric.org(), DraftCommands.ORIGIN, metric.slug(), metric.title(),
                metric.services(), severity, metric.lastValue(), metric.threshold(), metric.flipScore(),
                metric.unhealthySince(), observedAt);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("commandId", commandId);
        details.put("trigger", trigger.wire());
        details.put("severity", severity);
        details.put("unhealthySince", metric.unhealthySince());
        details.put("value", metric.lastValue());
        return outbox.append(tx, List.of(commands.draft(command, now)))
                .flatMap(v -> audit.append(tx, metric.org(), metric.slug(), AuditKind.DRAFT_REQUESTED, null, details, now))
                .flatMap(v -> metrics.markDraftRequested(tx, metric.org(), metric.slug(), now))
                .invoke(() -> AfterCommit.run(tx,
                        () -> registry.counter("tocsin.autodraft.drafts.requested", "trigger", trigger.wire()).increment()));
    }

    private Uni<Void> skip(SqlConnection tx, Metric metric, Trigger trigger, Verdict verdict, Instant now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", verdict.skipReason());
        details.put("since", verdict.since());
        details.put("trigger", trigger.wire());
        details.put("unhealthySince", metric.unhealthySince());
        return audit.append(tx, metric.org(), metric.slug(), AuditKind.DRAFT_SKIPPED, null, details, now)
                .invoke(() -> AfterCommit.run(tx,
                        () -> registry.counter("tocsin.autodraft.drafts.skipped", "reason", verdict.skipReason()).increment()));
    }
}
