package io.tocsin.incident.lifecycle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an incident came from. */
public enum SourceKind {
    MANUAL, ALERT, AUTODRAFT, PAGERDUTY, INCIDENT_IO, IMPORT;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SourceKind fromWire(String value) {
        for (SourceKind kind : values()) {
            if (kind.wire().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("must be one of manual, alert, autodraft, pagerduty, incident_io, import");
    }

    @Override
    public String toString() {
        return wire();
    }
}
