package io.tocsin.notifier.integrations;

/** The integrations configured per organisation. */
public enum IntegrationKind {
    PAGERDUTY("pagerduty"), INCIDENT_IO("incident_io");

    private final String wire;

    IntegrationKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
