package io.tocsin.notifier.deliveries;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tocsin.platform.work.Rounds;
import io.tocsin.platform.work.Wakeups;
import io.tocsin.notifier.Db;
import io.tocsin.notifier.NotifierSettings;
import io.tocsin.notifier.http.SendResult;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Sends due deliveries. Every replica may dispatch: a Vert.x timer polls, and a LISTEN on
 * {@code notifier_deliveries} wakes it as soon as a transaction that stored deliveries commits. A
 * round claims heads of (destination, incident) queues under a lease (see
 * {@link DeliveryRepository}), sends them concurrently without holding a transaction, and records
 * the round's outcomes together, each only if its claim is still the current one. Nothing blocks
 * the event loop.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(2);

    private final Pool pool;
    private final Vertx vertx;
    private final DeliveryRepository deliveries;
    private final NotifierSettings settings;
    private final RetryPolicy retries;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final Map<String, DeliverySender> senders = new HashMap<>();
    private final Rounds rounds;
    private final Wakeups wakeups;
    private Wakeups.Subscription listening;
    private long gaugeTimer = -1;

    public Dispatcher(Pool pool, Vertx vertx, DeliveryRepository deliveries, NotifierSettings settings,
            DeliveryMetrics metrics, Clock clock, Instance<DeliverySender> senders, Wakeups wakeups) {
        this.pool = pool;
        this.vertx = vertx;
        this.wakeups = wakeups;
        this.deliveries = deliveries;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.retries = new RetryPolicy(settings.retryBase(), settings.retryMaxDelay(), settings.retryWindow(),
                settings.retryJitter());
        senders.forEach(sender -> this.senders.put(sender.kind(), sender));
        // After a head is done, the next delivery of its queue may be due at once.
        this.rounds = new Rounds("dispatch", () -> dispatchOnce().map(count -> count > 0), ROUND_TIMEOUT);
    }

    void start(@Observes StartupEvent event) {
        gaugeTimer = vertx.setPeriodic(Duration.ofSeconds(5).toMillis(), id -> refreshGauges());
        if (!settings.dispatcherEnabled()) {
            return;
        }
        listening = wakeups.start("notifier_deliveries", settings.pollInterval(), this::trigger);
        trigger();
    }

    void stop(@Observes ShutdownEvent event) {
        rounds.stop();
        if (listening != null) {
            listening.stop();
        }
        if (gaugeTimer >= 0) {
            vertx.cancelTimer(gaugeTimer);
        }
    }

    /** Asks for a round now; if one is running, another follows it. */
    public void trigger() {
        if (settings.dispatcherEnabled()) {
            rounds.trigger();
        }
    }

    /** One round: claim due heads, send them and record how they went; the number claimed. */
    public Uni<Integer> dispatchOnce() {
        return claim().flatMap(claimed -> send(claimed).replaceWith(claimed.size()));
    }

    /**
     * Sends claimed deliveries all at once (they are heads of different queues, so no two of one
     * destination and incident are in flight), then records every outcome in one statement.
     */
    public Uni<Void> send(List<Delivery> claimed) {
        if (claimed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(claimed.stream().map(this::attempt).toList()).andFailFast().flatMap(this::record);
    }

    /** Claims due deliveries under a lease without sending them (what a dispatcher that then dies leaves behind). */
    public Uni<List<Delivery>> claim() {
        Instant now = now();
        return pool.withTransaction(tx -> deliveries.claim(tx, now, settings.batchSize(), UUID.randomUUID(),
                now.plus(settings.lease())));
    }

    /** Sends one claimed delivery; never fails (an unexpected failure is a result worth retrying). */
    private Uni<Attempt> attempt(Delivery delivery) {
        DeliverySender sender = senders.get(delivery.kind());
        Uni<SendResult> sent = sender == null
                ? Uni.createFrom().item(new SendResult.Failed(null, "no sender for destination kind " + delivery.kind()))
                : Uni.createFrom().deferred(() -> sender.send(delivery))
                        .onFailure().recoverWithItem(failure -> new SendResult.Retry(null,
                                "unexpected failure: " + failure.getMessage(), null));
        return sent.map(result -> new Attempt(delivery, result));
    }

    private Uni<Void> record(List<Attempt> attempts) {
        Instant now = now();
        List<Outcome> outcomes = attempts.stream().map(attempt -> outcome(attempt, now)).toList();
        return deliveries.record(pool, outcomes, now).invoke(current -> count(outcomes, current)).replaceWithVoid();
    }

    private Outcome outcome(Attempt attempt, Instant now) {
        Delivery delivery = attempt.delivery();
        if (attempt.result() instanceof SendResult.Delivered delivered) {
            return Outcome.delivered(delivery, delivered.statusCode());
        }
        if (attempt.result() instanceof SendResult.Retry retry) {
            Duration delay = retries.delay(delivery.attempts(), retry.retryAfter(), ThreadLocalRandom.current().nextDouble());
            Instant next = Db.micros(now.plus(delay));
            if (retries.givesUp(delivery.retryFrom(), next)) {
                String reason = "gave up after " + settings.retryWindow() + " of retries; last: " + retry.reason();
                return Outcome.failed(delivery, retry.statusCode(), reason);
            }
            LOG.debugf("delivery %s to %s will be retried at %s: %s", delivery.id(), delivery.destination(), next, retry.reason());
            return Outcome.retry(delivery, retry.statusCode(), retry.reason(), next);
        }
        SendResult.Failed failed = (SendResult.Failed) attempt.result();
        LOG.infof("delivery %s to %s failed: %s", delivery.id(), delivery.destination(), failed.reason());
        return Outcome.failed(delivery, failed.statusCode(), failed.reason());
    }

    private void count(List<Outcome> outcomes, Set<UUID> current) {
        for (Outcome outcome : outcomes) {
            String kind = outcome.delivery().kind();
            if (current.contains(outcome.delivery().id())) {
                metrics.outcome(kind, outcome.meter());
            } else {
                LOG.debugf("an outcome for a %s delivery arrived after its lease was taken over; not recorded", kind);
            }
        }
    }

    /** A claimed delivery and how sending it went. */
    private record Attempt(Delivery delivery, SendResult result) {
    }

    private void refreshGauges() {
        deliveries.backlog(pool, now()).subscribe().with(metrics::backlog,
                failure -> LOG.debugf("delivery backlog not measured: %s", failure.getMessage()));
    }

    private Instant now() {
        return Db.micros(clock.instant());
    }
}
