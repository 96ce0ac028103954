package io.tocsin.autodraft.signals;

import java.util.Locale;

/** The door a signal came in by, as counted in the metrics. */
public enum SignalSource {
    AMQP, MANUAL, ALERTMANAGER, PAGERDUTY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
