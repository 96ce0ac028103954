package io.tocsin.incident.attribution;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The organisation's team mapping for imported incidents: the custom field that names teams
 * (e.g. {@code Affected Teams}) and the team each of its values stands for. Values match exactly.
 */
public record TeamMapping(String field, Map<String, UUID> values, Instant updatedAt) {

    /** What an organisation that never set a mapping has: none. */
    static TeamMapping none() {
        return new TeamMapping(null, Map.of(), null);
    }
}
