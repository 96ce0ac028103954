package io.tocsin.platform.amqp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Where the AMQP 1.0 broker is and how patiently to talk to it. */
@ConfigMapping(prefix = "tocsin.amqp")
public interface AmqpSettings {

    /** Broker host. Env: TOCSIN_AMQP_HOST. */
    @WithDefault("127.0.0.1")
    String host();

    /** Broker AMQP port. Env: TOCSIN_AMQP_PORT. */
    @WithDefault("5673")
    int port();

    /** Broker user, if the broker requires SASL PLAIN. Env: TOCSIN_AMQP_USERNAME. */
    Optional<String> username();

    /** Broker password. Env: TOCSIN_AMQP_PASSWORD. */
    Optional<String> password();

    /** How long to wait for the broker to accept a message before giving up on it. */
    @WithDefault("10s")
    Duration sendTimeout();

    /** Delay before reconnecting a consumer after the connection dropped. */
    @WithDefault("2s")
    Duration reconnectDelay();
}
