package io.tocsin.incident.timeline;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/incidents/{id}/timeline}: a Markdown message of a given type. */
public record ManualEntryRequest(@NotBlank @Size(max = 20_000) String message, @NotNull EntryType type) {
}
