package io.tocsin.incident.catalogue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A service in the catalogue: who owns it and who is on call for it. */
public record ServiceEntry(String slug, String name, List<UUID> ownerTeamIds, String oncallUserId, Instant createdAt,
        Instant updatedAt) {
}
