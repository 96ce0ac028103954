package io.tocsin.contracts;

/** The AMQP addresses of the suite (SPEC §3); producers and consumers share these names. */
public final class Addresses {

    /** Multicast: incident events, one durable queue per consuming service. */
    public static final String INCIDENT_EVENTS = "tocsin.incident.events";
    /** Anycast: commands executed by incident-service. */
    public static final String INCIDENT_COMMANDS = "tocsin.incident.commands";
    /** Anycast: metric signals from external monitoring producers. */
    public static final String METRIC_SIGNALS = "tocsin.metric.signals";
    /** Anycast: messages that can never be processed. */
    public static final String DEAD_LETTERS = "tocsin.dlq";

    private Addresses() {
    }

    /** The fully qualified name of a consuming service's durable queue on {@link #INCIDENT_EVENTS}. */
    public static String incidentEventsQueue(String consumer) {
        return INCIDENT_EVENTS + "::" + consumer;
    }
}
