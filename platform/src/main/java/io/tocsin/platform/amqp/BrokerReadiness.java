package io.tocsin.platform.amqp;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.amqp.AmqpConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the service can reach the broker (it tries to connect when it cannot). */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements AsyncHealthCheck {

    private final BrokerConnection broker;
    private final AmqpSettings settings;

    public BrokerReadiness(BrokerConnection broker, AmqpSettings settings) {
        this.broker = broker;
        this.settings = settings;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        String target = settings.host() + ":" + settings.port();
        return broker.connection()
                .map(AmqpConnection::isDisconnected)
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .map(disconnected -> HealthCheckResponse.named("broker").status(!disconnected).withData("broker", target).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("broker").down()
                        .withData("broker", target).withData("error", String.valueOf(failure.getMessage())).build());
    }
}
