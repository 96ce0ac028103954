package io.tocsin.platform.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import java.time.Duration;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.tocsin.platform.amqp.Acknowledgements;
import io.tocsin.platform.amqp.AmqpSettings;
import io.tocsin.platform.amqp.BrokerConnection;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.amqp.UnreadableMessage;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.tracing.MessageTracing;
import io.vertx.mutiny.amqp.AmqpMessage;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * Messages are handled in the order the broker delivers them. What arrives while a batch is being
 * handled forms the next batch (up to {@code tocsin.inbox.batch-size}): one transaction records all
 * its ids and runs the handlers in order, and the messages are acknowledged after it commits. If a
 * batch fails, nothing of it was committed, and its messages are handled again one at a time with
 * the retries and dead-lettering described above, so one bad message never costs the others. A batch
 * that lost a race with another transaction (PostgreSQL broke a deadlock or a serialization conflict
 * by failing it) is first run again as a whole, a few times, since none of its messages is at fault.
 * Each message, or batch, is handled in a span of the trace its message(s) carry ({@link MessageTracing}).
 */
@ApplicationScoped
public class InboxConsumer {

    private static final Logger LOG = Logger.getLogger(InboxConsumer.class);
    /** Messages the broker may send ahead of the ones being handled (at least a batch). */
    private static final int CREDIT = 256;
    /** Whole-batch runs again after a conflict with another transaction, before the batch is split. */
    private static final int CONFLICT_RETRIES = 2;
    private static final Duration CONFLICT_BACKOFF = Duration.ofMillis(50);

    private final Pool pool;
    private final Vertx vertx;
    private final BrokerConnection broker;
    private final AmqpSettings amqp;
    private final InboxSettings settings;
    private final MeterRegistry registry;
    private final MessageTracing tracing;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    public InboxConsumer(Pool pool, Vertx vertx, BrokerConnection broker, AmqpSettings amqp, InboxSettings settings,
            MeterRegistry registry, MessageTracing tracing) {
        this.pool = pool;
        this.tracing = tracing;
        this.vertx = vertx;
        this.broker = broker;
        this.amqp = amqp;
        this.settings = settings;
        this.registry = registry;
        broker.onDisconnect(session -> subscriptions.forEach(subscription -> subscription.sessionLost(session)));
    }

    /** Starts consuming {@code address} as {@code consumer}, dispatching by CloudEvent type. */
    public void consume(String address, String consumer, List<MessageHandler> handlers) {
        consume(address, consumer, CloudEventMessage::fromAmqp, handlers, false);
    }

    /**
     * Consumes events of which only some types concern this service: the others are acknowledged
     * and skipped instead of dead-lettered.
     */
    public void consumeEvents(String address, String consumer, List<MessageHandler> handlers) {
        consume(address, consumer, CloudEventMessage::fromAmqp, handlers, true);
    }

    /**
     * Same, for messages that need their own reading (e.g. plain JSON from external producers):
     * {@code reader} turns a message into a CloudEvent or throws {@link UnreadableMessage}.
     */
    public void consume(String address, String consumer, Function<AmqpMessage, CloudEventMessage> reader,
            List<MessageHandler> handlers, boolean skipOtherTypes) {
        consume(address, consumer, reader, handlers, skipOtherTypes, settings.batchSize());
    }

    /**
     * Same, with batches of up to {@code batchSize} messages instead of {@code tocsin.inbox.batch-size} (the broker
     * may then send that many ahead): for a queue of small messages that mostly change nothing.
     */
    public void consume(String address, String consumer, Function<AmqpMessage, CloudEventMessage> reader,
            List<MessageHandler> handlers, boolean skipOtherTypes, int batchSize) {
        if (!settings.enabled()) {
            return;
        }
        String table = settings.table().orElseThrow(() -> new IllegalStateException("tocsin.inbox.table is not set"));
        Map<String, MessageHandler> byType = handlers.stream()
                .collect(Collectors.toMap(MessageHandler::type, Function.identity()));
        Subscription subscription = new Subscription(address, consumer, table, reader, byType, skipOtherTypes, batchSize);
        subscriptions.add(subscription);
        subscription.attach();
    }

    /**
     * Whether trying again may help. A message the database refuses to store (SQLSTATE class 22: a
     * NUL character, a date out of range) fails the same way every time, like a malformed one.
     */
    private static boolean isTransient(Throwable failure) {
        if (failure instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22")) {
            return false;
        }
        return !(failure instanceof UnreadableMessage || failure instanceof ProblemException);
    }

    /** PostgreSQL failed the transaction to break a deadlock (40P01) or a serialization conflict (40001). */
    static boolean isConflict(Throwable failure) {
        return failure instanceof io.vertx.pgclient.PgException pg
                && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()));
    }

    /** Forgets processed message ids once redelivery of them is no longer plausible. */
    void purgeOldIds(@Observes StartupEvent event) {
        if (!settings.enabled() || settings.table().isEmpty()) {
            return;
        }
        String purge = "DELETE FROM " + settings.table().get() + " WHERE ctid IN (SELECT ctid FROM " + settings.table().get()
                + " WHERE processed_at < now() - make_interval(secs => $1) LIMIT 10000)";
        vertx.setPeriodic(Duration.ofMinutes(10).toMillis(), id -> pool.preparedQuery(purge)
                .execute(Tuple.of(settings.retention().toSeconds()))
                .subscribe().with(ok -> { }, failure -> LOG.debugf("inbox purge failed: %s", failure.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        subscriptions.forEach(Subscription::cancel);
    }

    /**
     * One consumer of one address. It holds at most one receiver at a time: a new one is attached
     * only after the old one is closed, so messages are never handled by two receivers at once.
     */
    private final class Subscription {

        private final String address;
        private final String consumer;
        private final Map<String, MessageHandler> handlers;
        private final Function<AmqpMessage, CloudEventMessage> reader;
        private final boolean skipOtherTypes;
        private final int batchSize;
        private final String markProcessed;
        private final String markAllProcessed;
        private Cancellable current;
        private BrokerConnection.Attached attached;
        private long retryTimer = -1;
        private boolean attaching;

        Subscription(String address, String consumer, String table, Function<AmqpMessage, CloudEventMessage> reader,
                Map<String, MessageHandler> handlers, boolean skipOtherTypes, int batchSize) {
            this.address = address;
            this.consumer = consumer;
            this.reader = reader;
            this.skipOtherTypes = skipOtherTypes;
            this.handlers = handlers;
            this.batchSize = Math.max(1, batchSize);
            this.markProcessed = "INSERT INTO " + table + " (consumer, message_id, processed_at) VALUES ($1, $2, now())"
                    + " ON CONFLICT DO NOTHING";
            this.markAllProcessed = "INSERT INTO " + table + " (consumer, message_id, processed_at)"
                    + " SELECT $1, id, now() FROM unnest($2::text[]) AS t(id) ON CONFLICT DO NOTHING RETURNING message_id";
        }

        synchronized void attach() {
            retryTimer = -1;
            if (stopped || attaching || attached != null) {
                return;
            }
            attaching = true;
            Batches<AmqpMessage> batches = new Batches<>(batchSize, this::safely,
                    failure -> {
                        LOG.warnf("consumer of %s stopped: %s", address, failure.getMessage());
                        reattachLater();
                    },
                    this::reattachLater);
            current = batches;
            broker.receiver(address, Math.max(CREDIT, batchSize))
                    .onItem().transformToMulti(receiver -> {
                        onAttached(receiver);
                        return receiver.receiver().toMulti();
                    })
                    .subscribe().withSubscriber(batches);
        }

        private synchronized void onAttached(BrokerConnection.Attached receiver) {
            attaching = false;
            attached = receiver;
            LOG.infof("consuming %s as %s", address, consumer);
        }

        /** The session this subscription's receiver lives on is gone: attach again on a new one. */
        synchronized void sessionLost(long session) {
            if (attached == null || attached.session() == session) {
                reattachLater();
            }
        }

        synchronized void reattachLater() {
            cancel();
            if (!stopped && retryTimer < 0) {
                retryTimer = vertx.setTimer(amqp.reconnectDelay().toMillis(), id -> attach());
            }
        }

        synchronized void cancel() {
            if (current != null) {
                current.cancel();
                current = null;
            }
            if (attached != null) {
                attached.receiver().close().subscribe().with(ok -> { }, failure -> { });
                attached = null;
            }
            attaching = false;
        }

        /** Never lets a failure end the stream: whatever happens, every message of the batch gets an outcome. */
        private Uni<Void> safely(List<AmqpMessage> batch) {
            if (batch.size() == 1) {
                return safely(batch.get(0));
            }
            List<SpanContext> carried = batch.stream().map(message -> MessageTracing.carried(message.applicationProperties()))
                    .toList();
            return tracing.process(address, carried, () -> processBatch(batch))
                    .onFailure().recoverWithItem(failure -> {
                        // Not a failure of the handlers (those are recovered in processBatch): hand everything back.
                        LOG.warnf("batch on %s could not be handled, handing it back: %s", address, failure.toString());
                        batch.forEach(amqp -> {
                            try {
                                amqp.modified(true, false);
                            } catch (RuntimeException alreadySettled) {
                                LOG.debugf("message already settled: %s", alreadySettled.getMessage());
                            }
                        });
                        return null;
                    });
        }

        /** Never lets a failure end the stream: whatever happens, the message gets an outcome. */
        private Uni<Void> safely(AmqpMessage amqp) {
            return tracing.process(address, List.of(MessageTracing.carried(amqp.applicationProperties())), () -> process(amqp))
                    .onFailure().recoverWithItem(failure -> {
                        LOG.warnf("message on %s could not be handled, handing it back: %s", address, failure.toString());
                        amqp.modified(true, false);
                        return null;
                    });
        }

        private Uni<Void> process(AmqpMessage amqp) {
            CloudEventMessage message;
            try {
                message = reader.apply(amqp);
            } catch (RuntimeException e) {
                return deadLetter(amqp, "unknown", e.getMessage());
            }
            MessageHandler handler = handlers.get(message.type());
            if (handler == null && skipOtherTypes) {
                amqp.accepted();
                count("skipped");
                return Uni.createFrom().voidItem();
            }
            if (handler == null) {
                return deadLetter(amqp, message.id(), "no handler for type " + message.type());
            }
            return pool.withTransaction(tx -> tx.preparedQuery(markProcessed).execute(Tuple.of(consumer, message.id()))
                            .flatMap(inserted -> inserted.rowCount() == 1
                                    ? handler.handle(tx, message)
                                    : duplicate(message)))
                    // A transient failure (database restarting, a lock timeout) is retried here, holding the
                    // message, so that later messages do not overtake it; only then is it handed back.
                    .onFailure(InboxConsumer::isTransient).invoke(failure -> count("retried"))
                    .onFailure(InboxConsumer::isTransient).retry()
                    .withBackOff(settings.retryBackoff(), settings.retryBackoff().multipliedBy(60))
                    .atMost(settings.retries())
                    .onItem().invoke(() -> {
                        amqp.accepted();
                        count("processed");
                    })
                    .onFailure().recoverWithUni(failure -> onFailure(amqp, message, failure));
        }

        /** A message to handle: read, with its handler. */
        private record Readable(AmqpMessage amqp, CloudEventMessage message, MessageHandler handler) {
        }

        /**
         * Handles a batch in one transaction. Messages that cannot be read or are not handled here get their
         * outcome at once; the others are recorded together, handled in order (a repeated id only once), and
         * acknowledged after the commit. A failure fails the whole batch, of which nothing is then committed.
         */
        private Uni<Void> processBatch(List<AmqpMessage> batch) {
            List<Readable> readable = new ArrayList<>(batch.size());
            for (AmqpMessage amqp : batch) {
                CloudEventMessage message;
                try {
                    message = reader.apply(amqp);
                } catch (RuntimeException e) {
                    deadLetter(amqp, "unknown", e.getMessage());
                    continue;
                }
                MessageHandler handler = handlers.get(message.type());
                if (handler == null && skipOtherTypes) {
                    amqp.accepted();
                    count("skipped");
                } else if (handler == null) {
                    deadLetter(amqp, message.id(), "no handler for type " + message.type());
                } else {
                    readable.add(new Readable(amqp, message, handler));
                }
            }
            if (readable.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            String[] ids = readable.stream().map(r -> r.message().id()).toArray(String[]::new);
            return Uni.createFrom().deferred(() -> pool.withTransaction(tx -> tx.preparedQuery(markAllProcessed)
                            .execute(Tuple.of(consumer, ids))
                            .flatMap(rows -> {
                                Set<String> fresh = new HashSet<>();
                                rows.forEach(row -> fresh.add(row.getString("message_id")));
                                return handleFresh(tx, readable, fresh);
                            })))
                    .onFailure(InboxConsumer::isConflict).invoke(conflict -> count("batch_retried"))
                    .onFailure(InboxConsumer::isConflict).retry()
                    .withBackOff(CONFLICT_BACKOFF, CONFLICT_BACKOFF.multipliedBy(4)).atMost(CONFLICT_RETRIES)
                    .invoke(() -> accepted(readable))
                    .onFailure().recoverWithUni(failure -> oneByOne(readable.stream().map(Readable::amqp).toList()));
        }

        /** Acknowledges a handled batch: one write to the broker ({@link Acknowledgements}). */
        private void accepted(List<Readable> readable) {
            Acknowledgements.acceptAll(readable.stream().map(Readable::amqp).toList());
            readable.forEach(r -> count("processed"));
        }

        /**
         * Runs the handlers of the messages seen for the first time, in order: consecutive messages of one handler
         * group go together to the first one's {@link MessageHandler#handleAll}; a repeated id (also within the batch)
         * has no effect.
         */
        private Uni<Void> handleFresh(SqlConnection tx, List<Readable> readable, Set<String> fresh) {
            List<List<Readable>> runs = new ArrayList<>();
            for (Readable r : readable) {
                if (!fresh.remove(r.message().id())) {
                    duplicate(r.message());
                    continue;
                }
                List<Readable> last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
                if (last != null && last.get(0).handler().group().equals(r.handler().group())) {
                    last.add(r);
                } else {
                    runs.add(new ArrayList<>(List.of(r)));
                }
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (List<Readable> run : runs) {
                MessageHandler handler = run.get(0).handler();
                List<CloudEventMessage> messages = run.stream().map(Readable::message).toList();
                chain = chain.flatMap(v -> handler.handleAll(tx, messages));
            }
            return chain;
        }

        /** After a failed batch: each message on its own, with retries, hand-backs and dead-lettering. */
        private Uni<Void> oneByOne(List<AmqpMessage> batch) {
            LOG.debugf("a batch of %d messages on %s failed; handling them one at a time", batch.size(), address);
            count("batch_failed");
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (AmqpMessage amqp : batch) {
                chain = chain.flatMap(v -> safely(amqp));
            }
            return chain;
        }

        private Uni<Void> duplicate(CloudEventMessage message) {
            LOG.debugf("message %s already processed by %s; acknowledging again", message.id(), consumer);
            count("duplicate");
            return Uni.createFrom().voidItem();
        }

        private Uni<Void> onFailure(AmqpMessage amqp, CloudEventMessage message, Throwable failure) {
            if (!isTransient(failure)) {
                return deadLetter(amqp, message.id(), failure.getMessage());
            }
            LOG.warnf("message %s (%s) still failing after %d attempts, handing it back to the broker: %s", message.id(),
                    message.type(), settings.retries() + 1, failure.toString());
            count("handed_back");
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
