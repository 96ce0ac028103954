package io.tocsin.incident.catalogue;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** Body of {@code PUT /api/services/{slug}}. */
public record ServiceRequest(@NotBlank @Size(max = 200) String name, @Size(max = 20) List<@NotNull UUID> ownerTeamIds,
        @Size(min = 1, max = 200) String oncallUserId) {
}
