package io.tocsin.autodraft.signals;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tocsin.autodraft.catalogue.Health;
import java.util.Locale;

/** What a signal reports: {@code healthy} or {@code unhealthy}. */
public enum SignalStatus {
    @JsonProperty("healthy")
    HEALTHY,
    @JsonProperty("unhealthy")
    UNHEALTHY;

    public Health health() {
        return this == HEALTHY ? Health.HEALTHY : Health.UNHEALTHY;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SignalStatus fromWire(String value) {
        for (SignalStatus status : values()) {
            if (status.wire().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("status must be healthy or unhealthy");
    }

    @Override
    public String toString() {
        return wire();
    }
}
