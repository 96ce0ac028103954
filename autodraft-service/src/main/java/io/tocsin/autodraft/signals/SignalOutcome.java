package io.tocsin.autodraft.signals;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a signal did: changed the health, confirmed it, came too late, or was seen before. */
public enum SignalOutcome {
    TRANSITION, UNCHANGED, STALE, DUPLICATE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
