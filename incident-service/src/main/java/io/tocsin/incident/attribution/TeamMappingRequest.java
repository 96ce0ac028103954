package io.tocsin.incident.attribution;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;

/** Body of {@code PUT /api/team-mappings}: {@code {field: "Affected Teams", values: {"Payments": <teamId>}}}. */
public record TeamMappingRequest(
        @NotBlank @Size(max = 100) String field,
        @NotNull @Size(max = 1000) Map<@NotBlank @Size(max = 2000) String, @NotNull UUID> values) {
}
