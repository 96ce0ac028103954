package io.tocsin.incident.links;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/incidents/{id}/links}. */
public record LinkRequest(
        @NotNull LinkType type,
        @NotBlank @Size(max = 500) String targetId,
        @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http or https URL") String url,
        @Size(max = 200) String title) {
}
