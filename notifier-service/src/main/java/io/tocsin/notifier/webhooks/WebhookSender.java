package io.tocsin.notifier.webhooks;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.deliveries.Delivery;
import io.tocsin.notifier.deliveries.DeliverySender;
import io.tocsin.notifier.deliveries.Destinations;
import io.tocsin.notifier.http.SendResult;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * POSTs events to webhook subscribers, signed as Standard Webhooks. {@code webhook-id} is the
 * delivery id, the same on every attempt, so receivers can drop duplicates; the timestamp and
 * signature are those of the attempt. The target is checked again when sending (DNS may have changed).
 */
@ApplicationScoped
public class WebhookSender implements DeliverySender {

    private final Pool pool;
    private final WebhookRepository webhooks;
    private final WebhookCalls calls;

    public WebhookSender(Pool pool, WebhookRepository webhooks, WebhookCalls calls) {
        this.pool = pool;
        this.webhooks = webhooks;
        this.calls = calls;
    }

    @Override
    public String kind() {
        return Destinations.WEBHOOK;
    }

    @Override
    public Uni<SendResult> send(Delivery delivery) {
        return webhooks.find(pool, delivery.org(), Destinations.target(delivery.destination())).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(new SendResult.Failed(null, "the webhook subscription was deleted"));
            }
            if (!found.get().enabled()) {
                return Uni.createFrom().item(new SendResult.Failed(null, "the webhook subscription is disabled"));
            }
            return calls.post(found.get(), delivery.id().toString(), delivery.payload().encode());
        });
    }
}
