package io.tocsin.notifier.webhooks;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tocsin.notifier.http.Outbound;
import io.tocsin.notifier.http.SendResult;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** One signed webhook request, after checking its target (address resolution runs on a worker thread). */
@ApplicationScoped
public class WebhookCalls {

    private final Outbound outbound;
    private final Clock clock;
    private final boolean allowPrivate;

    public WebhookCalls(Outbound outbound, Clock clock,
            @ConfigProperty(name = "tocsin.webhooks.allow-private-targets", defaultValue = "false") boolean allowPrivate) {
        this.outbound = outbound;
        this.clock = clock;
        this.allowPrivate = allowPrivate;
    }

    /** Why {@code url} may not be a webhook target (null when it may), resolved off the event loop. */
    public Uni<String> refusal(String url) {
        return Uni.createFrom().item(() -> TargetGuard.refusal(url, allowPrivate))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    public Uni<SendResult> post(Webhook webhook, String messageId, String body) {
        return refusal(webhook.url()).flatMap(refused -> {
            if (refused != null) {
                return Uni.createFrom().item(new SendResult.Failed(null, "target refused: url " + refused));
            }
            long timestamp = clock.instant().getEpochSecond();
            Map<String, String> headers = Map.of(
                    "webhook-id", messageId,
                    "webhook-timestamp", Long.toString(timestamp),
                    "webhook-signature", StandardWebhooks.sign(webhook.secret(), messageId, timestamp, body));
            return outbound.send(HttpMethod.POST, webhook.url(), headers, body);
        });
    }
}
