package io.tocsin.gateway.apikeys;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** {@code POST /api/api-keys}: a name to recognise the key, its roles, and an optional expiry. */
public record CreateApiKeyRequest(
        @NotBlank @Size(max = 100) String name,
        @NotEmpty @Size(max = 4) List<@NotNull String> roles,
        Instant expiresAt) {
}
