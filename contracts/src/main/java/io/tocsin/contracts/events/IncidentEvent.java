package io.tocsin.contracts.events;

import java.util.Map;

/**
 * The data of an incident event: the snapshot after the change and the change's details. The
 * keys of {@code change} depend on the type (see the README's event table), e.g.
 * {@code {"from":"declared","to":"investigating"}} for {@code incident.status_changed}.
 */
public record IncidentEvent(IncidentSnapshot incident, Map<String, Object> change) {
}
