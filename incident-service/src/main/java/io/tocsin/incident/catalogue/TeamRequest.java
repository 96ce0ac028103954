package io.tocsin.incident.catalogue;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** Body of {@code POST /api/teams} and {@code PATCH /api/teams/{id}}; the parent defaults to the root team. */
public record TeamRequest(@NotBlank @Size(max = 100) String name, UUID parentId) {
}
