package io.tocsin.incident.postmortems;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.UUID;

/** Body of {@code POST /api/postmortems/{id}/action-items}; {@code teamId} defaults to the incident's teams. */
public record ActionItemRequest(
        @NotBlank @Size(max = 200) String title,
        @NotBlank @Size(max = 200) String ownerId,
        @NotNull LocalDate dueDate,
        UUID teamId) {
}
