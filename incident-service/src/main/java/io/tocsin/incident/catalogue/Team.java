package io.tocsin.incident.catalogue;

import java.time.Instant;
import java.util.UUID;

/** A team; each organisation has exactly one root team, the parent of last resort. */
public record Team(UUID id, String name, UUID parentId, boolean root, Instant createdAt, Instant updatedAt) {
}
