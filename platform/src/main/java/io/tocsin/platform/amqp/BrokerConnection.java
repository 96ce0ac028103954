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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The service's one connection to the broker, opened on first use and reopened after it drops.
 * Senders are cached per address; a send completes only when the broker accepted the message.
 */
@ApplicationScoped
public class BrokerConnection {

    private static final Logger LOG = Logger.getLogger(BrokerConnection.class);

    private final AmqpSettings settings;
    private final AmqpClient client;
    private final Map<String, Uni<AmqpSender>> senders = new ConcurrentHashMap<>();
    private volatile Uni<AmqpConnection> connection;
    private volatile boolean connected;
    private final java.util.List<Runnable> disconnectListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

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

    /** Whether the connection is currently open (the readiness check reports this). */
    public boolean isConnected() {
        return connected;
    }

    /** Runs {@code listener} each time an open connection is lost (consumers re-attach then). */
    public void onDisconnect(Runnable listener) {
        disconnectListeners.add(listener);
    }

    /** Sends a durable message and completes when the broker has accepted it. */
    public Uni<Void> send(String address, AmqpMessage message) {
        return sender(address)
                .flatMap(sender -> sender.sendWithAck(message))
                .ifNoItem().after(settings.sendTimeout()).failWith(() -> new BrokerUnavailable("no acknowledgement from the broker"))
                .onFailure().invoke(this::dropConnection);
    }

    /** Opens a receiver that acknowledges nothing by itself. */
    public Uni<AmqpReceiver> receiver(String address) {
        AmqpReceiverOptions options = new AmqpReceiverOptions()
                .setAutoAcknowledgement(false)
                .setDurable(true)
                .setMaxBufferedMessages(256);
        return connection().flatMap(c -> c.createReceiver(address, options));
    }

    /** Opens the connection if it is not open; other callers share the attempt. */
    public Uni<AmqpConnection> connection() {
        Uni<AmqpConnection> current = connection;
        if (current == null) {
            synchronized (this) {
                if (connection == null) {
                    connection = client.connect()
                            .onItem().invoke(this::watch)
                            .onFailure().invoke(failure -> {
                                LOG.debugf("broker connection failed: %s", failure.getMessage());
                                dropConnection();
                            })
                            .memoize().indefinitely();
                }
                current = connection;
            }
        }
        return current;
    }

    private void watch(AmqpConnection opened) {
        connected = true;
        LOG.infof("connected to the broker at %s:%d", settings.host(), settings.port());
        opened.exceptionHandler(failure -> {
            LOG.warnf("broker connection lost: %s", failure.getMessage());
            dropConnection();
        });
    }

    private Uni<AmqpSender> sender(String address) {
        return connection().flatMap(c -> senders.computeIfAbsent(address,
                a -> c.createSender(a).memoize().indefinitely()
                        .onFailure().invoke(() -> senders.remove(a))));
    }

    private void dropConnection() {
        Uni<AmqpConnection> dropped;
        boolean wasConnected;
        synchronized (this) {
            dropped = connection;
            wasConnected = connected;
            connection = null;
            connected = false;
            senders.clear();
        }
        if (dropped != null) {
            dropped.subscribe().with(c -> c.close().subscribe().with(ok -> { }, failure -> { }), failure -> { });
        }
        if (wasConnected) {
            disconnectListeners.forEach(Runnable::run);
        }
    }

    @PreDestroy
    void close() {
        dropConnection();
        client.closeAndForget();
    }
}
