package io.tocsin.notifier.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A webhook subscription; {@code secret} is in the clear here and sealed in the database. */
public record Webhook(UUID id, String org, String url, List<String> events, boolean enabled, String secret, Instant createdAt,
        Instant updatedAt) {

    /** Whether the subscription wants events of {@code type} (an empty list wants all). */
    public boolean wants(String type) {
        return events.isEmpty() || events.contains(type);
    }
}
