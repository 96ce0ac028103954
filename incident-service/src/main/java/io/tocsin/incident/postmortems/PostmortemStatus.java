package io.tocsin.incident.postmortems;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a postmortem is: {@code draft} → {@code in_review} → {@code published}, one step at a time, never back. */
public enum PostmortemStatus {
    DRAFT, IN_REVIEW, PUBLISHED;

    /** The only move from each status is to the next one. */
    public boolean canMoveTo(PostmortemStatus to) {
        return to.ordinal() == ordinal() + 1;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PostmortemStatus fromWire(String value) {
        for (PostmortemStatus status : values()) {
            if (status.wire().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("must be one of draft, in_review, published");
    }

    @Override
    public String toString() {
        return wire();
    }
}
