package io.tocsin.platform.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.tocsin.platform.amqp.AmqpSettings;
import io.tocsin.platform.amqp.BrokerConnection;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.amqp.UnreadableMessage;
import io.tocsin.platform.problem.ProblemException;
import io.vertx.mutiny.amqp.AmqpMessage;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Idempotent consumption: each message is handled in a transaction that also inserts its id
 * into the inbox table, and is acknowledged only after that transaction commits. A redelivered
 * message finds its id and is acknowledged without a second effect. Messages that can never be
 * processed are rejected, which the broker routes to the dead-letter address; transient failures
 * are handed back for redelivery (the broker dead-letters after its maximum attempts).
 * Messages are handled one at a time, in the order the broker delivers them.
 */
@ApplicationScoped
public class InboxConsumer {

    private static final Logger LOG = Logger.getLogger(InboxConsumer.class);

    private final Pool pool;
    private final Vertx vertx;
    private final BrokerConnection broker;
    private final AmqpSettings amqp;
    private final InboxSettings settings;
    private final MeterRegistry registry;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    public InboxConsumer(Pool pool, Vertx vertx, BrokerConnection broker, AmqpSettings amqp, InboxSettings settings,
            MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.broker = broker;
        this.amqp = amqp;
        this.settings = settings;
        this.registry = registry;
        broker.onDisconnect(() -> subscriptions.forEach(Subscription::reattachLater));
    }

    /** Starts consuming {@code address} as {@code consumer}, dispatching by CloudEvent type. */
    public void consume(String address, String consumer, List<MessageHandler> handlers) {
        if (!settings.enabled()) {
            return;
        }
        String table = settings.table().orElseThrow(() -> new IllegalStateException("tocsin.inbox.table is not set"));
        Map<String, MessageHandler> byType = handlers.stream()
                .collect(Collectors.toMap(MessageHandler::type, Function.identity()));
        Subscription subscription = new Subscription(address, consumer, table, byType);
        subscriptions.add(subscription);
        subscription.attach();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        subscriptions.forEach(Subscription::cancel);
    }

    private final class Subscription {

        private final String address;
        private final String consumer;
        private final Map<String, MessageHandler> handlers;
        private final String markProcessed;
        private volatile Cancellable current;
        private volatile boolean attaching;

        Subscription(String address, String consumer, String table, Map<String, MessageHandler> handlers) {
            this.address = address;
            this.consumer = consumer;
            this.handlers = handlers;
            this.markProcessed = "INSERT INTO " + table + " (consumer, message_id, processed_at) VALUES ($1, $2, now())"
                    + " ON CONFLICT DO NOTHING";
        }

        synchronized void attach() {
            if (stopped || attaching) {
                return;
            }
            attaching = true;
            current = broker.receiver(address)
                    .onItem().transformToMulti(receiver -> {
                        LOG.infof("consuming %s as %s", address, consumer);
                        return receiver.toMulti();
                    })
                    .onItem().transformToUniAndConcatenate(this::process)
                    .subscribe().with(
                            ignored -> attaching = false,
                            failure -> {
                                LOG.warnf("consumer of %s stopped: %s", address, failure.getMessage());
                                reattachLater();
                            },
                            this::reattachLater);
        }

        synchronized void reattachLater() {
            cancel();
            attaching = false;
            if (!stopped) {
                vertx.setTimer(amqp.reconnectDelay().toMillis(), id -> attach());
            }
        }

        synchronized void cancel() {
            if (current != null) {
                current.cancel();
                current = null;
            }
        }

        private Uni<Void> process(AmqpMessage amqp) {
            attaching = false;
            CloudEventMessage message;
            try {
                message = CloudEventMessage.fromAmqp(amqp);
            } catch (UnreadableMessage e) {
                return deadLetter(amqp, "unknown", e.getMessage());
            }
            MessageHandler handler = handlers.get(message.type());
            if (handler == null) {
                return deadLetter(amqp, message.id(), "no handler for type " + message.type());
            }
            return pool.withTransaction(tx -> tx.preparedQuery(markProcessed).execute(Tuple.of(consumer, message.id()))
                            .flatMap(inserted -> inserted.rowCount() == 1
                                    ? handler.handle(tx, message)
                                    : duplicate(message)))
                    .onItem().invoke(() -> {
                        amqp.accepted();
                        count("processed");
                    })
                    .onFailure().recoverWithUni(failure -> onFailure(amqp, message, failure));
        }

        private Uni<Void> duplicate(CloudEventMessage message) {
            LOG.debugf("message %s already processed by %s; acknowledging again", message.id(), consumer);
            count("duplicate");
            return Uni.createFrom().voidItem();
        }

        private Uni<Void> onFailure(AmqpMessage amqp, CloudEventMessage message, Throwable failure) {
            if (failure instanceof UnreadableMessage || failure instanceof ProblemException) {
                return deadLetter(amqp, message.id(), failure.getMessage());
            }
            LOG.warnf("message %s (%s) failed, handing it back for redelivery: %s", message.id(), message.type(),
                    failure.toString());
            count("retried");
            amqp.modified(true, false);
            return Uni.createFrom().voidItem();
        }

        private Uni<Void> deadLetter(AmqpMessage amqp, String id, String reason) {
            LOG.warnf("rejecting message %s on %s to the dead-letter address: %s", id, address, reason);
            count("dead_lettered");
            amqp.rejected();
            return Uni.createFrom().voidItem();
        }

        private void count(String outcome) {
            registry.counter("tocsin.messages.consumed", "address", address, "outcome", outcome).increment();
        }
    }
}
