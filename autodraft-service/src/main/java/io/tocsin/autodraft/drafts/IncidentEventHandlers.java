package io.tocsin.autodraft.drafts;

import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.Db;
import io.tocsin.autodraft.audit.AuditKind;
import io.tocsin.autodraft.audit.AuditLog;
import io.tocsin.autodraft.catalogue.MetricLock;
import io.tocsin.autodraft.catalogue.MetricRepository;
import io.tocsin.contracts.events.IncidentEventType;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.inbox.MessageHandler;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How autodraft learns the fate of its draft requests from incident-service's events: drafts to
 * expire later, decisions that end them, and operator dismissals that start a cooldown.
 */
public final class IncidentEventHandlers {

    /** Dismissal reason of an operator's dismissal (the other one is {@code auto_expired}). */
    public static final String OPERATOR_DISMISS = "operator_dismiss";
    /** Dismissal reason of a draft that expired unanswered. */
    public static final String AUTO_EXPIRED = "auto_expired";

    private IncidentEventHandlers() {
    }

    /** {@code incident.auto_drafted}: remember the draft so that it can be expired. */
    @ApplicationScoped
    public static class AutoDrafted implements MessageHandler {

        private final DraftRepository drafts;
        private final MetricRepository metrics;
        private final AuditLog audit;
        private final Clock clock;

        public AutoDrafted(DraftRepository drafts, MetricRepository metrics, AuditLog audit, Clock clock) {
            this.drafts = drafts;
            this.metrics = metrics;
            this.audit = audit;
            this.clock = clock;
        }

        @Override
        public String type() {
            return IncidentEventType.AUTO_DRAFTED.cloudEventType();
        }

        @Override
        public Uni<Void> handle(SqlConnection tx, CloudEventMessage message) {
            IncidentEventData event = IncidentEventData.read(message, clock);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reference", event.reference());
            details.put("draftCreatedAt", event.createdAt());
            var at = Db.micros(event.at());
            return MetricLock.lock(tx, event.org(), event.metric())
                    .flatMap(v -> metrics.markDrafted(tx, event.org(), event.metric(), at))
                    .flatMap(v -> drafts.insertOpen(tx, event.draft()))
                    .flatMap(inserted -> inserted
                            ? audit.append(tx, event.org(), event.metric(), AuditKind.DRAFTED, event.incidentId(), details,
                                    Db.micros(event.at()))
                            : Uni.createFrom().voidItem());
        }
    }

    /** {@code incident.auto_published}: the draft is decided; it will not be expired. */
    @ApplicationScoped
    public static class AutoPublished implements MessageHandler {

        private final DraftRepository drafts;
        private final AuditLog audit;
        private final Clock clock;

        public AutoPublished(DraftRepository drafts, AuditLog audit, Clock clock) {
            this.drafts = drafts;
            this.audit = audit;
            this.clock = clock;
        }

        @Override
        public String type() {
            return IncidentEventType.AUTO_PUBLISHED.cloudEventType();
        }

        @Override
        public Uni<Void> handle(SqlConnection tx, CloudEventMessage message) {
            IncidentEventData event = IncidentEventData.read(message, clock);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reference", event.reference());
            details.put("by", event.changeText("by"));
            return drafts.decide(tx, event.draft(), DraftStatus.PUBLISHED, Db.micros(event.at()))
                    .flatMap(v -> audit.append(tx, event.org(), event.metric(), AuditKind.PUBLISHED, event.incidentId(),
                            details, Db.micros(event.at())));
        }
    }

    /**
     * {@code incident.auto_dismissed}: decided; an operator's dismissal also starts the metric's cooldown,
     * and one with reason {@code auto_expired} is audited as the expiry taking effect.
     */
    @ApplicationScoped
    public static class AutoDismissed implements MessageHandler {

        private final DraftRepository drafts;
        private final MetricRepository metrics;
        private final AuditLog audit;
        private final Clock clock;

        public AutoDismissed(DraftRepository drafts, MetricRepository metrics, AuditLog audit, Clock clock) {
            this.drafts = drafts;
            this.metrics = metrics;
            this.audit = audit;
            this.clock = clock;
        }

        @Override
        public String type() {
            return IncidentEventType.AUTO_DISMISSED.cloudEventType();
        }

        @Override
        public Uni<Void> handle(SqlConnection tx, CloudEventMessage message) {
            IncidentEventData event = IncidentEventData.read(message, clock);
            String reason = event.changeText("reason") == null ? OPERATOR_DISMISS : event.changeText("reason");
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reference", event.reference());
            details.put("reason", reason);
            details.put("by", event.changeText("by"));
            var at = Db.micros(event.at());
            Uni<Void> cooldown = OPERATOR_DISMISS.equals(reason)
                    ? MetricLock.lock(tx, event.org(), event.metric())
                            .flatMap(v -> metrics.markDismissed(tx, event.org(), event.metric(), at))
                    : Uni.createFrom().voidItem();
            AuditKind kind = AUTO_EXPIRED.equals(reason) ? AuditKind.EXPIRED : AuditKind.DISMISSED;
            return cooldown.flatMap(v -> drafts.decide(tx, event.draft(), DraftStatus.DISMISSED, at))
                    .flatMap(v -> audit.append(tx, event.org(), event.metric(), kind, event.incidentId(), details, at));
        }
    }

    /** {@code incident.signal_appended}: the request was folded into an incident already open on the service. */
    @ApplicationScoped
    public static class SignalAppended implements MessageHandler {

        private final AuditLog audit;
        private final Clock clock;

        public SignalAppended(AuditLog audit, Clock clock) {
            this.audit = audit;
            this.clock = clock;
        }

        @Override
        public String type() {
            return IncidentEventType.SIGNAL_APPENDED.cloudEventType();
        }

        @Override
        public Uni<Void> handle(SqlConnection tx, CloudEventMessage message) {
            IncidentEventData event = IncidentEventData.read(message, clock);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reference", event.reference());
            details.put("status", event.status());
            return audit.append(tx, event.org(), event.metric(), AuditKind.SIGNAL_APPENDED, event.incidentId(), details,
                    Db.micros(event.at()));
        }
    }
}
