package io.tocsin.autodraft.pagerduty;

import io.tocsin.autodraft.catalogue.Slugs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/intake-keys}: a name for people, and the service the key's signals are for. */
public record IntakeKeyRequest(@NotBlank @Size(max = 100) String name,
        @NotNull @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String service) {
}
