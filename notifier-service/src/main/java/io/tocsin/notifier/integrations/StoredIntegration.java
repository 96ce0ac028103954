package io.tocsin.notifier.integrations;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** An organisation's stored settings of one integration; {@code secrets} is already decrypted. */
public record StoredIntegration(String org, IntegrationKind kind, JsonObject settings, JsonObject secrets, String updatedBy,
        Instant updatedAt) {
}
