package io.tocsin.incident.lifecycle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an incident is in its lifecycle. */
public enum IncidentStatus {
    DRAFT, DECLARED, INVESTIGATING, MITIGATED, RESOLVED, DISMISSED;

    /** Open incidents are the ones people are (or may soon be) working on. */
    public boolean isOpen() {
        return this == DRAFT || this == DECLARED || this == INVESTIGATING || this == MITIGATED;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static IncidentStatus fromWire(String value) {
        for (IncidentStatus status : values()) {
            if (status.wire().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("must be one of draft, declared, investigating, mitigated, resolved, dismissed");
    }

    @Override
    public String toString() {
        return wire();
    }
}
