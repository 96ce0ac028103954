package io.tocsin.notifier.deliveries;

import java.util.UUID;

/** Destination names: {@code pagerduty}, {@code incident_io}, {@code webhook:<id>}, {@code email:<recipient id>}. */
public final class Destinations {

    public static final String PAGERDUTY = "pagerduty";
    public static final String INCIDENT_IO = "incident_io";
    public static final String WEBHOOK = "webhook";
    public static final String EMAIL = "email";

    private Destinations() {
    }

    public static String webhook(UUID subscription) {
        return WEBHOOK + ":" + subscription;
    }

    public static String email(UUID recipient) {
        return EMAIL + ":" + recipient;
    }

    /** The kind of a destination (what sends it, and the label of its metrics). */
    public static String kind(String destination) {
        int colon = destination.indexOf(':');
        return colon < 0 ? destination : destination.substring(0, colon);
    }

    /** The id after the kind, e.g. the webhook subscription of {@code webhook:<id>}. */
    public static UUID target(String destination) {
        return UUID.fromString(destination.substring(destination.indexOf(':') + 1));
    }
}
