package io.tocsin.notifier.events;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tocsin.contracts.Addresses;
import io.tocsin.contracts.events.IncidentEventType;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.inbox.InboxConsumer;
import io.tocsin.platform.inbox.MessageHandler;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Consumes the notifier's durable queue on {@code tocsin.incident.events}, idempotently: every
 * incident event type is planned (webhooks may subscribe to any), in the inbox transaction.
 */
@ApplicationScoped
public class IncidentEventListener {

    /** The queue: {@code tocsin.incident.events::notifier}. */
    public static final String QUEUE = Addresses.incidentEventsQueue("notifier");
    /** The inbox consumer name of incident events. */
    public static final String CONSUMER = "incident-events";

    private final InboxConsumer consumer;
    private final DeliveryPlanner planner;
    private final Clock clock;

    public IncidentEventListener(InboxConsumer consumer, DeliveryPlanner planner, Clock clock) {
        this.consumer = consumer;
        this.planner = planner;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        consumer.consumeEvents(QUEUE, CONSUMER, Arrays.stream(IncidentEventType.values()).map(this::handler).toList());
    }

    private MessageHandler handler(IncidentEventType type) {
        return new MessageHandler() {
            @Override
            public String type() {
                return type.cloudEventType();
            }

            @Override
            public Uni<Void> handle(SqlConnection tx, CloudEventMessage message) {
                return handleAll(tx, List.of(message));
            }

            /** Every type is planned alike: consecutive events of any types are planned together. */
            @Override
            public Object group() {
                return planner;
            }

            @Override
            public Uni<Void> handleAll(SqlConnection tx, List<CloudEventMessage> messages) {
                Instant now = clock.instant();
                return planner.planAll(tx, messages.stream().map(message -> IncidentEventData.read(message, now)).toList());
            }
        };
    }
}
