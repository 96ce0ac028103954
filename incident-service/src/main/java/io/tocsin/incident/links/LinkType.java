package io.tocsin.incident.links;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a link points at. */
public enum LinkType {
    ALERT, ERROR_GROUP, TRACE, DEPLOY;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static LinkType fromWire(String value) {
        for (LinkType type : values()) {
            if (type.wire().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("must be one of alert, error_group, trace, deploy");
    }

    @Override
    public String toString() {
        return wire();
    }
}
