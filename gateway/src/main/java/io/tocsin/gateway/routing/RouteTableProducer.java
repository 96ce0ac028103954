package io.tocsin.gateway.routing;

import io.tocsin.gateway.GatewaySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The route table from {@code tocsin.gateway.routes}; a bad entry stops the gateway at start. */
@ApplicationScoped
public class RouteTableProducer {

    @Produces
    @Singleton
    RouteTable routeTable(GatewaySettings settings) {
        if (settings.routes().isEmpty()) {
            throw new IllegalStateException("tocsin.gateway.routes is empty: the gateway would route nothing");
        }
        return new RouteTable(settings.routes());
    }
}
