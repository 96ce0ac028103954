package io.tocsin.notifier.pagerduty;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.deliveries.Delivery;
import io.tocsin.notifier.deliveries.DeliverySender;
import io.tocsin.notifier.deliveries.Destinations;
import io.tocsin.notifier.http.Outbound;
import io.tocsin.notifier.http.SendResult;
import io.tocsin.notifier.secrets.Secrets;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Sends trigger and resolve events to the Events API v2 ({@code POST /v2/enqueue}); the routing key is unsealed only here. */
@ApplicationScoped
public class PagerDutySender implements DeliverySender {

    private final Outbound outbound;
    private final Secrets secrets;
    private final PagerDutyEnvironment environment;

    public PagerDutySender(Outbound outbound, Secrets secrets, PagerDutyEnvironment environment) {
        this.outbound = outbound;
        this.secrets = secrets;
        this.environment = environment;
    }

    @Override
    public String kind() {
        return Destinations.PAGERDUTY;
    }

    @Override
    public Uni<SendResult> send(Delivery delivery) {
        if (delivery.credential() == null) {
            return Uni.createFrom().item(new SendResult.Failed(null, "no routing key"));
        }
        JsonObject body = new JsonObject().put("routing_key", secrets.open(delivery.org(), delivery.credential()));
        delivery.payload().forEach(entry -> body.put(entry.getKey(), entry.getValue()));
        String url = environment.eventsUrl().replaceAll("/+$", "") + "/v2/enqueue";
        return outbound.send(HttpMethod.POST, url, Map.of("Accept", "application/json"), body.encode());
    }
}
