package io.tocsin.incident.timeline;

import java.util.Map;

/** A timeline entry about to be written: what happened, in words and as data. */
public record TimelineNote(EntryKind kind, EntryType type, String message, String authorId, Map<String, Object> data) {

    public static TimelineNote auto(EntryKind kind, String message, String authorId, Map<String, Object> data) {
        return new TimelineNote(kind, null, message, authorId, data);
    }
}
