package io.tocsin.incident.postmortems;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.UUID;

/** Body of {@code PATCH /api/postmortems/{id}/action-items/{itemId}}: only the fields given change. */
public record ActionItemPatch(
        @Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String title,
        @Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String ownerId,
        LocalDate dueDate,
        ActionItemStatus status,
        UUID teamId) {
}
