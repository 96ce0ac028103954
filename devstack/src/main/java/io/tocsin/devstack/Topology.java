package io.tocsin.devstack;

/**
 * Names of the broker addresses and queues that the dev stack declares.
 *
 * <p>The services keep their own copies of these names; this class only serves devstack and its tests.
 */
public final class Topology {

    /** MULTICAST address carrying incident events; every consuming service has its own durable queue on it. */
    public static final String EVENTS = "tocsin.incident.events";
    /** ANYCAST address (and queue of the same name) carrying incident commands. */
    public static final String COMMANDS = "tocsin.incident.commands";
    /** ANYCAST address (and queue of the same name) carrying metric signals. */
    public static final String SIGNALS = "tocsin.metric.signals";
    /** ANYCAST dead-letter address (and queue of the same name) for every {@code tocsin.#} address. */
    public static final String DLQ = "tocsin.dlq";
    /** An address that refuses every message (always full), for tests of senders' refusal handling. */
    public static final String REFUSING = "tocsin.test.refusing";

    /** The services that own a durable subscription queue on {@link #EVENTS}. */
    public static final String NOTIFIER = "notifier";
    public static final String AUTODRAFT = "autodraft";

    /** Address-settings match covering every tocsin address. */
    static final String ALL_ADDRESSES_MATCH = "tocsin.#";

    private Topology() {
    }

    /**
     * The fully qualified queue name of a service's subscription on {@link #EVENTS}, e.g.
     * {@code tocsin.incident.events::notifier}. Attach an AMQP receiver with this source address.
     */
    public static String eventsQueue(String service) {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("service name required");
        }
        return EVENTS + "::" + service;
    }
}
