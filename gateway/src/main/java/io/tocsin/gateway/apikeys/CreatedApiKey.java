package io.tocsin.gateway.apikeys;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The answer to creating a key: the only time {@code key} is ever shown. */
public record CreatedApiKey(UUID id, String key, String name, String prefix, List<String> roles, Instant expiresAt,
                            Instant createdAt) {

    static CreatedApiKey of(ApiKey stored, String key) {
        return new CreatedApiKey(stored.id(), key, stored.name(), stored.prefix(), stored.roles(), stored.expiresAt(),
                stored.createdAt());
    }
}
