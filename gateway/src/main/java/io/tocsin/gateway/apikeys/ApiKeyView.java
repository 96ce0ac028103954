package io.tocsin.gateway.apikeys;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An API key as listed: its first 8 characters at most, never the key or its hash. */
public record ApiKeyView(UUID id, String name, String prefix, List<String> roles, String createdBy, Instant createdAt,
                         Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {

    static ApiKeyView of(ApiKey key) {
        return new ApiKeyView(key.id(), key.name(), key.prefix(), key.roles(), key.createdBy(), key.createdAt(),
                key.expiresAt(), key.lastUsedAt(), key.revokedAt());
    }
}
