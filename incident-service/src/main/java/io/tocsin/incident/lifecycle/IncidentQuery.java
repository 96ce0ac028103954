package io.tocsin.incident.lifecycle;

import java.time.Instant;
import java.util.Set;

/**
 * The filters of the incident list. {@code titleQuery} is a prepared text-search query
 * (prefix-matched words, all required); {@code after} is the keyset position to continue from.
 */
public record IncidentQuery(
        Set<IncidentStatus> statuses,
        Set<Severity> severities,
        String service,
        String environment,
        Instant declaredFrom,
        Instant declaredTo,
        String titleQuery,
        boolean includeDismissed,
        ListCursor after,
        int limit) {
}
