package io.tocsin.notifier.webhooks;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of {@code POST /api/webhooks}: an empty or missing {@code events} list means every event type. */
public record WebhookRequest(
        @NotBlank @Size(max = 2000) String url,
        @Size(max = 50) List<@NotNull String> events,
        Boolean enabled) {
}
