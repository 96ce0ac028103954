package io.tocsin.incident.timeline;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a timeline entry records; everything but {@link #MANUAL} is written by Tocsin itself. */
public enum EntryKind {
    DRAFTED, DECLARED, PUBLISHED, DISMISSED, EXPIRED, STATUS_CHANGED, SEVERITY_CHANGED, COMMANDER_ASSIGNED,
    SERVICES_CHANGED, LINK_ADDED, LINK_REMOVED, EXTERNAL_ACKNOWLEDGED, EXTERNAL_RESOLVED, EXTERNAL_REASSIGNED,
    EXTERNAL_REOPENED, SIGNAL_APPENDED, IMPORTED, IMPORT_UPDATED, MANUAL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EntryKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
