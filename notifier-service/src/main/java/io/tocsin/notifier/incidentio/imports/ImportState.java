package io.tocsin.notifier.incidentio.imports;

import java.util.Locale;

/** Where an organisation's import stands. */
public enum ImportState {
    /** Never ran, or stopped (turned off mid-pass: it resumes from its cursor when turned on again). */
    IDLE,
    /** A replica is reading pages. */
    RUNNING,
    /** The last page could not be fetched (timeout, 429, 5xx); the same page is tried again at {@code nextRunAt}. */
    RETRYING,
    /** incident.io refused (401/403 or another 4xx) or no API token is configured; the reason is in {@code lastError}. */
    FAILED,
    /** The last pass read every page. */
    COMPLETED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImportState fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
