package io.tocsin.incident.postmortems;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** An action item is open until someone marks it done (and may reopen it). */
public enum ActionItemStatus {
    OPEN, DONE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ActionItemStatus fromWire(String value) {
        for (ActionItemStatus status : values()) {
            if (status.wire().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("must be open or done");
    }

    @Override
    public String toString() {
        return wire();
    }
}
