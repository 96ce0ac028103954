package io.tocsin.platform.work;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wakes a background job when a committed transaction says there is work ({@code NOTIFY channel}), and on a poll
 * in case a notification was missed or the listening connection is down (then the job only polls).
 */
@ApplicationScoped
public class Wakeups {

    private static final Logger LOG = Logger.getLogger(Wakeups.class);

    /** A job's wake-ups; stop them when the job stops. */
    public static final class Subscription {

        private final Vertx vertx;
        private final long pollTimer;
        private final PgSubscriber subscriber;

        private Subscription(Vertx vertx, long pollTimer, PgSubscriber subscriber) {
            this.vertx = vertx;
            this.pollTimer = pollTimer;
            this.subscriber = subscriber;
        }

        public void stop() {
            vertx.cancelTimer(pollTimer);
            if (subscriber != null) {
                subscriber.closeAndForget();
            }
        }
    }

    private final Vertx vertx;
    private final Optional<String> reactiveUrl;
    private final Optional<String> username;
    private final Optional<String> password;

    public Wakeups(Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> reactiveUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.reactiveUrl = reactiveUrl;
        this.username = username;
        this.password = password;
    }

    /** Runs {@code wake} on every notification on {@code channel} and every {@code poll}. */
    public Subscription start(String channel, Duration poll, Runnable wake) {
        long timer = vertx.setPeriodic(poll.toMillis(), id -> wake.run());
        if (reactiveUrl.isEmpty()) {
            return new Subscription(vertx, timer, null);
        }
        PgConnectOptions options = PgConnectOptions.fromUri(reactiveUrl.get());
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        PgSubscriber subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1_000L);
        subscriber.channel(channel).handler(payload -> wake.run());
        subscriber.connect().subscribe().with(ok -> { },
                failure -> LOG.warnf("notifications on %s unavailable, polling only: %s", channel, failure.getMessage()));
        return new Subscription(vertx, timer, subscriber);
    }
}
