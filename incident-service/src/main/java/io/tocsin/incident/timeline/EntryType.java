package io.tocsin.incident.timeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The type a person gives a manual timeline entry. */
public enum EntryType {
    UPDATE, ACTION, RESOLUTION;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EntryType fromWire(String value) {
        for (EntryType type : values()) {
            if (type.wire().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("must be one of update, action, resolution");
    }

    @Override
    public String toString() {
        return wire();
    }
}
