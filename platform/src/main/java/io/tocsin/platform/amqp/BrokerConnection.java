package io.tocsin.platform.amqp;

import io.smallrye.mutiny.Uni;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.mutiny.amqp.AmqpClient;
import io.vertx.mutiny.amqp.AmqpConnection;
import io.vertx.mutiny.amqp.AmqpMessage;
import io.vertx.mutiny.amqp.AmqpReceiver;
import io.vertx.mutiny.amqp.AmqpSender;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * The service's one connection to the broker, opened on first use and reopened after it drops.
 *
 * <p>Each opened connection is a numbered {@link Session} with its own senders. Only a failure of
 * the current session closes it, so a late timeout from an older connection can never tear down
 * a newer, healthy one; receivers know their session and re-attach when that one is lost. A send
 * completes when the broker accepted the message; a refusal (the broker answered, but not with
 * "accepted") fails the send without closing the connection.
 */
@ApplicationScoped
public class BrokerConnection {

    private static final Logger LOG = Logger.getLogger(BrokerConnection.class);
    private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(10);

    private final AmqpSettings settings;
    private final AmqpClient client;
    private final AtomicReference<Session> current = new AtomicReference<>();
    private final AtomicLong sessions = new AtomicLong();
    private final List<LongConsumer> disconnectListeners = new CopyOnWriteArrayList<>();

    public BrokerConnection(Vertx vertx, AmqpSettings settings) {
        this.settings = settings;
        AmqpClientOptions options = new AmqpClientOptions()
                .setHost(settings.host())
                .setPort(settings.port())
                .setConnectTimeout(5_000)
                .setReconnectAttempts(0);
        settings.username().ifPresent(options::setUsername);
        settings.password().ifPresent(options::setPassword);
        this.client = AmqpClient.create(vertx, options);
    }

    /** A receiver and the session it belongs to. */
    public record Attached(long session, AmqpReceiver receiver) {
    }

    /** Whether a connection is currently open (the readiness check reports this). */
    public boolean isConnected() {
        Session session = current.get();
        return session != null && session.open;
    }

    /** Runs {@code listener} with the session number each time an open session is lost. */
    public void onDisconnect(LongConsumer listener) {
        disconnectListeners.add(listener);
    }

    /** Sends a durable message and completes when the broker has accepted it. */
    public Uni<Void> send(String address, AmqpMessage message) {
        return session().flatMap(session -> session.sender(address)
                .flatMap(sender -> sender.sendWithAck(message)
                        .ifNoItem().after(settings.sendTimeout()).failWith(() -> stalled(session, address, sender)))
                .onFailure().transform(failure -> {
                    if (failure instanceof BrokerRefused) {
                        return failure;
                    }
                    if (failure instanceof BrokerUnavailable || session.isLost()) {
                        drop(session, failure);
                        return failure;
                    }
                    return new BrokerRefused("the broker did not accept the message: " + failure.getMessage(), failure);
                }));
    }

    /**
     * No acknowledgement in time while the connection is up: the broker is holding this address
     * back (a full address blocks its producers). That is the address's problem, not the
     * connection's, which other addresses share: the link is closed and the send counts as
     * refused. When the connection itself is gone, the broker is unavailable.
     */
    private RuntimeException stalled(Session session, String address, AmqpSender sender) {
        if (session.isLost()) {
            return new BrokerUnavailable("no acknowledgement from the broker");
        }
        session.senders.remove(address);
        sender.close().subscribe().with(ok -> { }, failure -> { });
        return new BrokerRefused("no acknowledgement for " + address + " within " + settings.sendTimeout()
                + " (address full or blocked?)", null);
    }

    /** Opens a receiver that acknowledges nothing by itself, on the current session. */
    public Uni<Attached> receiver(String address, int credit) {
        AmqpReceiverOptions options = new AmqpReceiverOptions()
                .setAutoAcknowledgement(false)
                .setDurable(true)
                .setMaxBufferedMessages(credit);
        return session().flatMap(session -> session.connection
                .flatMap(c -> c.createReceiver(address, options))
                .ifNoItem().after(ATTACH_TIMEOUT).failWith(() -> new BrokerUnavailable("receiver not attached in time"))
                .onFailure().invoke(failure -> drop(session, failure))
                .map(receiver -> new Attached(session.id, receiver)));
    }

    /** Opens the connection if it is not open; concurrent callers share one attempt. */
    public Uni<AmqpConnection> connection() {
        return session().flatMap(session -> session.connection);
    }

    private Uni<Session> session() {
        return Uni.createFrom().item(this::currentOrNew);
    }

    private Session currentOrNew() {
        while (true) {
            Session session = current.get();
            if (session != null) {
                return session;
            }
            Session fresh = new Session(sessions.incrementAndGet());
            if (current.compareAndSet(null, fresh)) {
                fresh.connect();
                return fresh;
            }
        }
    }

    /** Closes {@code session} if it is still the current one, and tells the listeners. */
    private void drop(Session session, Throwable cause) {
        if (!current.compareAndSet(session, null)) {
            return;
        }
        boolean wasOpen = session.open;
        session.open = false;
        session.connection.subscribe().with(c -> c.close().subscribe().with(ok -> { }, failure -> { }), failure -> { });
        if (wasOpen) {
            LOG.warnf("broker connection lost: %s", cause == null ? "closed" : cause.getMessage());
            disconnectListeners.forEach(listener -> listener.accept(session.id));
        }
    }

    @PreDestroy
    void close() {
        Session session = current.get();
        if (session != null) {
            drop(session, null);
        }
        client.closeAndForget();
    }

    /** One connection attempt and what was opened on it. */
    private final class Session {
        final long id;
        final Map<String, Uni<AmqpSender>> senders = new ConcurrentHashMap<>();
        volatile Uni<AmqpConnection> connection;
        volatile boolean open;
        volatile AmqpConnection opened;

        Session(long id) {
            this.id = id;
        }

        void connect() {
            connection = client.connect()
                    .onItem().invoke(c -> {
                        opened = c;
                        open = true;
                        c.exceptionHandler(failure -> drop(this, failure));
                        LOG.infof("connected to the broker at %s:%d", settings.host(), settings.port());
                    })
                    .onFailure().invoke(failure -> {
                        LOG.debugf("broker connection failed: %s", failure.getMessage());
                        drop(this, failure);
                    })
                    .memoize().indefinitely();
        }

        boolean isLost() {
            AmqpConnection c = opened;
            return c == null || c.isDisconnected();
        }

        Uni<AmqpSender> sender(String address) {
            return senders.computeIfAbsent(address, a -> connection.flatMap(c -> c.createSender(a))
                    .onFailure().invoke(() -> senders.remove(a))
                    .memoize().indefinitely());
        }
    }
}
