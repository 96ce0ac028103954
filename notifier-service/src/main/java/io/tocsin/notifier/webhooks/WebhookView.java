package io.tocsin.notifier.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A subscription as the API shows it; {@code secret} only in the answer that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookView(UUID id, String url, List<String> events, boolean enabled, String secret, Instant createdAt,
        Instant updatedAt) {

    static WebhookView of(Webhook w) {
        return new WebhookView(w.id(), w.url(), w.events(), w.enabled(), null, w.createdAt(), w.updatedAt());
    }

    static WebhookView created(Webhook w) {
        return new WebhookView(w.id(), w.url(), w.events(), w.enabled(), w.secret(), w.createdAt(), w.updatedAt());
    }
}
