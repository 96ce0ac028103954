package io.tocsin.gateway.apikeys;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code gateway.api_keys}: never the key itself, only its hash and display prefix. {@code plan} is
 * the creator's plan claim, carried by every call made with the key.
 */
public record ApiKey(String org, UUID id, String name, String prefix, String hash, List<String> roles, String createdBy,
                     Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt, String plan) {
}
