package io.tocsin.autodraft.drafts;

import io.quarkus.runtime.StartupEvent;
import io.tocsin.contracts.Addresses;
import io.tocsin.platform.inbox.InboxConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Consumes autodraft's durable queue on {@code tocsin.incident.events}, idempotently; event types
 * that do not concern auto-drafts are acknowledged and skipped.
 */
@ApplicationScoped
public class IncidentEventListener {

    /** The queue: {@code tocsin.incident.events::autodraft}. */
    public static final String QUEUE = Addresses.incidentEventsQueue("autodraft");
    /** The inbox consumer name of incident events. */
    public static final String CONSUMER = "incident-events";

    private final InboxConsumer consumer;
    private final IncidentEventHandlers.AutoDrafted drafted;
    private final IncidentEventHandlers.AutoPublished published;
    private final IncidentEventHandlers.AutoDismissed dismissed;
    private final IncidentEventHandlers.SignalAppended appended;

    public IncidentEventListener(InboxConsumer consumer, IncidentEventHandlers.AutoDrafted drafted,
            IncidentEventHandlers.AutoPublished published, IncidentEventHandlers.AutoDismissed dismissed,
            IncidentEventHandlers.SignalAppended appended) {
        this.consumer = consumer;
        this.drafted = drafted;
        this.published = published;
        this.dismissed = dismissed;
        this.appended = appended;
    }

    void start(@Observes StartupEvent event) {
        consumer.consumeEvents(QUEUE, CONSUMER, List.of(drafted, published, dismissed, appended));
    }
}
