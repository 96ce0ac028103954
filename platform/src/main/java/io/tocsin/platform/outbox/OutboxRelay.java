package io.tocsin.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tocsin.platform.work.Rounds;
import io.tocsin.platform.work.Wakeups;
import io.tocsin.contracts.Addresses;
import io.tocsin.platform.amqp.BrokerConnection;
import io.tocsin.platform.amqp.BrokerRefused;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.tracing.MessageTracing;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to the broker and marks them sent only once the broker has
 * accepted them.
 *
 * <p>Any number of replicas may relay. A round claims the oldest unsent rows with
 * {@code FOR UPDATE SKIP LOCKED} and, in the same statement, a transaction-scoped advisory lock
 * per aggregate: a replica never takes a row whose aggregate another replica is publishing, so
 * per-aggregate order holds even when new rows arrive while a round is in flight. The locks live
 * in the round's transaction, so a replica that dies mid-round releases its rows to the others
 * when its connection drops. Rows of one aggregate are sent one after another; a failed send
 * stops that aggregate for the round (later rows must not overtake it), other aggregates go on.
 *
 * <p>A round starts when this replica's {@link OutboxWriter} has committed rows ({@link #wake()}), on a
 * {@code NOTIFY} on the table's channel, and on a poll, which finds the rows other replicas wrote.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** A round that takes longer (a hung database call) is given up so the relay keeps going. */
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(60);

    private final Pool pool;
    private final Vertx vertx;
    private final BrokerConnection broker;
    private final OutboxSettings settings;
    private final String table;
    private final String claim;
    private final String markSent;
    private final String oldestUnsent;
    private final String cleanup;
    /** Application property naming where a dead-lettered outbox message was meant to go. */
    public static final String INTENDED_ADDRESS = "tocsin_intended_address";

    private final Counter published;
    private final Counter deadLettered;
    private final java.util.Map<Long, Integer> refusals = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();
    private final Rounds rounds;
    private final Wakeups wakeups;
    private volatile Wakeups.Subscription listening;
    private long housekeepingTimer = -1;

    public OutboxRelay(Pool pool, Vertx vertx, BrokerConnection broker, OutboxSettings settings, MeterRegistry registry,
            Wakeups wakeups) {
        this.pool = pool;
        this.vertx = vertx;
        this.wakeups = wakeups;
        this.broker = broker;
        this.settings = settings;
        this.rounds = new Rounds("outbox relay", () -> relayOnce().map(count -> count >= settings.batchSize()), ROUND_TIMEOUT);
        this.table = OutboxTable.name(settings);
        this.claim = "SELECT id, address, aggregate_id, event_id, type, source, subject, org_id, occurred_at,"
                + " payload::text AS payload, traceparent FROM " + table
                + " WHERE sent_at IS NULL AND pg_try_advisory_xact_lock(hashtext('" + table + "'), hashtext(aggregate_id))"
                + " ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED";
        this.markSent = "UPDATE " + table + " SET sent_at = now() WHERE id = ANY($1)";
        this.oldestUnsent = "SELECT count(*) AS pending, extract(epoch FROM now() - min(occurred_at)) * 1000 AS lag"
                + " FROM " + table + " WHERE sent_at IS NULL";
        this.cleanup = "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table
                + " WHERE sent_at < now() - make_interval(secs => $1) LIMIT 10000)";
        this.published = Counter.builder("tocsin.outbox.published").description("Outbox events accepted by the broker")
                .tag("table", table).register(registry);
        this.deadLettered = Counter.builder("tocsin.outbox.dead_lettered")
                .description("Outbox events the broker kept refusing, sent to the dead-letter address").tag("table", table)
                .register(registry);
        Gauge.builder("tocsin.outbox.pending", pending, AtomicLong::get).description("Outbox events not yet published")
                .tag("table", table).register(registry);
        Gauge.builder("tocsin.outbox.lag.seconds", lagMillis, v -> v.get() / 1000.0)
                .description("Age of the oldest unpublished outbox event").tag("table", table).register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (settings.table().isEmpty() || !settings.relayEnabled()) {
            return;
        }
        listening = wakeups.start(OutboxTable.channel(table), settings.pollInterval(), this::trigger);
        housekeepingTimer = vertx.setPeriodic(Duration.ofSeconds(5).toMillis(), id -> housekeeping());
        trigger();
    }

    void stop(@Observes ShutdownEvent event) {
        rounds.stop();
        if (listening != null) {
            listening.stop();
        }
        if (housekeepingTimer >= 0) {
            vertx.cancelTimer(housekeepingTimer);
        }
    }

    /** Asks for a round now if this replica relays (rows were just committed); otherwise does nothing. */
    public void wake() {
        if (listening != null) {
            trigger();
        }
    }

    /** Asks for a round now; if one is running, another follows it (a full batch is followed at once). */
    public void trigger() {
        rounds.trigger();
    }

    /** One round: claim, publish in order per aggregate, mark what the broker accepted. */
    public Uni<Integer> relayOnce() {
        return pool.withTransaction(tx -> tx.preparedQuery(claim).execute(Tuple.of(settings.batchSize()))
                .flatMap(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    rows.forEach(row -> claimed.add(Claimed.of(row)));
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return publish(claimed).flatMap(sent -> markSent(tx, sent));
                }));
    }

    private Uni<List<Long>> publish(List<Claimed> claimed) {
        Map<String, List<Claimed>> byAggregate = new LinkedHashMap<>();
        for (Claimed row : claimed) {
            byAggregate.computeIfAbsent(row.aggregateKey(), k -> new ArrayList<>()).add(row);
        }
        List<Uni<List<Long>>> chains = byAggregate.values().stream().map(this::publishInOrder).toList();
        return Uni.join().all(chains).andFailFast()
                .map(lists -> lists.stream().flatMap(List::stream).toList());
    }

    private Uni<List<Long>> publishInOrder(List<Claimed> rows) {
        List<Long> sent = new ArrayList<>();
        Uni<Boolean> chain = Uni.createFrom().item(true);
        for (Claimed row : rows) {
            chain = chain.flatMap(ok -> !ok ? Uni.createFrom().item(false)
                    : broker.send(row.address(), row.message().toAmqp(row.address(), row.tracing()))
                            .invoke(() -> refusals.remove(row.id()))
                            .map(v -> sent.add(row.id()))
                            .onFailure(BrokerRefused.class).recoverWithUni(failure -> refused(row, failure).map(sent::add))
                            .onFailure().recoverWithItem(failure -> {
                                LOG.debugf("outbox row %d not sent: %s", row.id(), failure.getMessage());
                                return false;
                            }));
        }
        return chain.map(ignored -> sent);
    }

    /**
     * A message the broker keeps refusing would hold back every later event of its aggregate
     * forever; after a few refusals it goes to the dead-letter address instead (with its intended
     * address), is counted, and logged as an error, and its aggregate moves on.
     */
    private Uni<Long> refused(Claimed row, Throwable failure) {
        int count = refusals.merge(row.id(), 1, Integer::sum);
        if (count < settings.maxRefusals()) {
            LOG.warnf("outbox row %d refused by the broker (%d of %d): %s", row.id(), count, settings.maxRefusals(),
                    failure.getMessage());
            return Uni.createFrom().failure(failure);
        }
        Map<String, String> properties = new LinkedHashMap<>(row.tracing());
        properties.put(INTENDED_ADDRESS, row.address());
        var message = row.message().toAmqp(Addresses.DEAD_LETTERS, properties);
        return broker.send(Addresses.DEAD_LETTERS, message).map(v -> {
            refusals.remove(row.id());
            deadLettered.increment();
            LOG.errorf("outbox row %d (%s, %s) refused %d times by %s; sent to %s instead", row.id(), row.message().type(),
                    row.message().id(), count, row.address(), Addresses.DEAD_LETTERS);
            return row.id();
        });
    }

    private Uni<Integer> markSent(SqlConnection tx, List<Long> sent) {
        if (sent.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return tx.preparedQuery(markSent).execute(Tuple.of(sent.toArray(new Long[0])))
                .map(result -> {
                    published.increment(sent.size());
                    return sent.size();
                });
    }

    private void housekeeping() {
        pool.preparedQuery(oldestUnsent).execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    pending.set(row.getLong("pending"));
                    Double lag = row.getDouble("lag");
                    lagMillis.set(lag == null ? 0 : lag.longValue());
                })
                .chain(() -> pool.preparedQuery(cleanup).execute(Tuple.of(settings.retention().toSeconds())))
                .subscribe().with(ok -> { }, failure -> LOG.debugf("outbox housekeeping failed: %s", failure.getMessage()));
    }

    /** A claimed row: its message, and the trace context of the span that wrote it (null if none). */
    private record Claimed(long id, String address, String aggregateKey, CloudEventMessage message, String traceparent) {

        /** The message's trace context as application properties. */
        Map<String, String> tracing() {
            return traceparent == null ? Map.of() : Map.of(MessageTracing.PROPERTY, traceparent);
        }

        static Claimed of(Row row) {
            CloudEventMessage message = new CloudEventMessage(
                    row.getUUID("event_id").toString(),
                    row.getString("type"),
                    row.getString("source"),
                    row.getString("subject"),
                    row.getString("org_id"),
                    row.getOffsetDateTime("occurred_at").toInstant(),
                    row.getString("payload"));
            return new Claimed(row.getLong("id"), row.getString("address"), row.getString("aggregate_id"), message,
                    row.getString("traceparent"));
        }
    }
}
