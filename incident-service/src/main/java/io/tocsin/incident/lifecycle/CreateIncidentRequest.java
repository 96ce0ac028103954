package io.tocsin.incident.lifecycle;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Body of {@code POST /api/incidents}. */
public record CreateIncidentRequest(
        @NotBlank @Size(max = 200) String title,
        @Size(max = 20_000) String description,
        @NotNull Severity severity,
        @Size(max = 100) @Pattern(regexp = Fields.ENVIRONMENT, message = Fields.ENVIRONMENT_MESSAGE) String environment,
        @Size(max = 50) List<@NotNull @Pattern(regexp = Fields.SLUG, message = Fields.SLUG_MESSAGE) String> services,
        @Size(max = 20) List<@NotNull UUID> owners,
        @Size(min = 1, max = 200) String commanderId,
        @Valid Source source,
        @Size(max = 50) Map<@NotBlank @Size(max = 100) String, @NotNull Object> customFields,
        Instant impactStartedAt,
        Instant detectedAt,
        Boolean draft) {

    /** Where the incident came from; {@code externalId} de-duplicates creates per kind. */
    public record Source(@NotNull SourceKind kind, @Size(min = 1, max = 200) String externalId) {
    }
}
