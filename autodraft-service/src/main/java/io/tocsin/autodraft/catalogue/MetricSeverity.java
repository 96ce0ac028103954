package io.tocsin.autodraft.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.Optional;

/** The severity a metric stamps on its drafts, and the incident severity it stands for. */
public enum MetricSeverity {
    @JsonProperty("minor")
    MINOR("SEV3"),
    @JsonProperty("major")
    MAJOR("SEV2"),
    @JsonProperty("critical")
    CRITICAL("SEV1");

    private final String incidentSeverity;

    MetricSeverity(String incidentSeverity) {
        this.incidentSeverity = incidentSeverity;
    }

    /** {@code SEV1}..{@code SEV3}, as the draft request carries it. */
    public String incidentSeverity() {
        return incidentSeverity;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MetricSeverity fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The severity named by an external label, if it is one of ours ({@code critical|major|minor}, any case). */
    public static Optional<MetricSeverity> fromLabel(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (MetricSeverity severity : values()) {
            if (severity.wire().equalsIgnoreCase(value.trim())) {
                return Optional.of(severity);
            }
        }
        return Optional.empty();
    }

    /** The higher of two severities, either possibly null. */
    public static MetricSeverity max(MetricSeverity a, MetricSeverity b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    @Override
    public String toString() {
        return wire();
    }
}
