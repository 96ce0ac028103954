package io.tocsin.notifier.webhooks;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of {@code PATCH /api/webhooks/{id}}: fields left out are unchanged. */
public record WebhookPatch(
        @Size(min = 1, max = 2000) String url,
        @Size(max = 50) List<@NotNull String> events,
        Boolean enabled) {
}
