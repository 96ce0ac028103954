package io.tocsin.autodraft.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** What a metric's flip to unhealthy does: nothing, request a draft at once, or after a dwell re-check. */
public enum Policy {
    @JsonProperty("off")
    OFF,
    @JsonProperty("immediate")
    IMMEDIATE,
    @JsonProperty("dwell")
    DWELL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Policy fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return wire();
    }
}
