package io.tocsin.autodraft.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** A metric's current health; {@code unknown} until a first signal arrives. */
public enum Health {
    @JsonProperty("healthy")
    HEALTHY,
    @JsonProperty("unhealthy")
    UNHEALTHY,
    @JsonProperty("unknown")
    UNKNOWN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Health fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return wire();
    }
}
