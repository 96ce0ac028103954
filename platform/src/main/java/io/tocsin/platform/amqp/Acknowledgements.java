package io.tocsin.platform.amqp;

import io.vertx.amqp.impl.AmqpMessageImpl;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.mutiny.amqp.AmqpMessage;
import io.vertx.proton.ProtonLink;
import io.vertx.proton.impl.ProtonConnectionImpl;
import io.vertx.proton.impl.ProtonDeliveryImpl;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.engine.Delivery;
import org.jboss.logging.Logger;

/**
 * Accepts a batch of received messages with one write to the broker.
 *
 * <p>The AMQP client writes each acknowledgement to the socket at once (outside of a read from it, which is where a
 * consumer that commits to a database first acknowledges): one system call and one wake-up of the broker per message.
 * Here the batch's deliveries are settled in the protocol engine first and its output is flushed once, on the
 * connection's event loop, which carries the same frames in one write. That reaches into the client's
 * implementation (two private fields: the message's delivery and the protocol engine's delivery inside it), so if a
 * newer client no longer has them, each message is accepted on its own instead, as before, and {@link #batched()}
 * says so (a test keeps an eye on it).
 */
public final class Acknowledgements {

    private static final Logger LOG = Logger.getLogger(Acknowledgements.class);
    private static final Field MESSAGE_DELIVERY;
    private static final Field ENGINE_DELIVERY;

    static {
        Field messageDelivery = null;
        Field engineDelivery = null;
        try {
            messageDelivery = accessible(AmqpMessageImpl.class, "delivery");
            engineDelivery = accessible(ProtonDeliveryImpl.class, "delivery");
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            LOG.infof("acknowledging each AMQP message on its own (batched acknowledgements unavailable: %s)", unavailable);
            messageDelivery = null;
        }
        MESSAGE_DELIVERY = messageDelivery;
        ENGINE_DELIVERY = engineDelivery;
    }

    private Acknowledgements() {
    }

    /** Whether batches are acknowledged with one write (else message by message). */
    public static boolean batched() {
        return MESSAGE_DELIVERY != null;
    }

    /**
     * Accepts every message (settled ones are left alone): one write per connection they came by. A message whose
     * connection is gone is settled on that connection, as {@link AmqpMessage#accepted()} would: the broker never
     * hears of it and delivers the message again.
     */
    public static void acceptAll(List<AmqpMessage> messages) {
        if (!batched()) {
            messages.forEach(AmqpMessage::accepted);
            return;
        }
        Map<ProtonConnectionImpl, List<Delivery>> byConnection = new IdentityHashMap<>();
        for (AmqpMessage message : messages) {
            if (read(MESSAGE_DELIVERY, message.getDelegate()) instanceof ProtonDeliveryImpl proton) {
                ProtonLink<?> link = proton.getLinkImpl();
                ProtonConnectionImpl connection = (ProtonConnectionImpl) link.getSession().getConnection();
                byConnection.computeIfAbsent(connection, c -> new ArrayList<>()).add((Delivery) read(ENGINE_DELIVERY, proton));
            } else {
                // Not a message this client received: its own way (which refuses it).
                message.accepted();
            }
        }
        byConnection.forEach(Acknowledgements::settle);
    }

    /** On the connection's event loop (the protocol engine is not thread-safe): settle each delivery, then write once. */
    private static void settle(ProtonConnectionImpl connection, List<Delivery> deliveries) {
        ContextInternal context = connection.getContext();
        // A worker running blocking code for this context has it as its current context too, but is not its thread.
        if (Vertx.currentContext() == context && context.nettyEventLoop().inEventLoop()) {
            settleNow(connection, deliveries);
        } else {
            context.runOnContext(v -> settleNow(connection, deliveries));
        }
    }

    private static void settleNow(ProtonConnectionImpl connection, List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            if (!delivery.isSettled()) {
                delivery.disposition(Accepted.getInstance());
                delivery.settle();
            }
        }
        connection.flush();
    }

    private static Object read(Field field, Object target) {
        if (!field.getDeclaringClass().isInstance(target)) {
            return null;
        }
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field accessible(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
