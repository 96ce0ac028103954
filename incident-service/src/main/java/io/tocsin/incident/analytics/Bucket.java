package io.tocsin.incident.analytics;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How incidents are counted over time: ISO weeks (from Monday 00:00 UTC) or calendar months (UTC). */
public enum Bucket {
    WEEK, MONTH;

    /** The unit's name as PostgreSQL's {@code date_trunc} and the API spell it. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Bucket fromWire(String value) {
        for (Bucket bucket : values()) {
            if (bucket.wire().equals(value)) {
                return bucket;
            }
        }
        throw new IllegalArgumentException("must be week or month");
    }
}
