package io.tocsin.devstack.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tocsin.devstack.DevStack;
import io.tocsin.devstack.InternalJwt;

/**
 * Quarkus test resource pointing a service at the JVM-wide {@link DevStack#shared()} stack (started on first use,
 * reused by every test of the JVM, stopped at JVM exit).
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(DevStackResource.class)
 * class IncidentResourceTest { ... }
 * }</pre>
 *
 * <p>Config returned: {@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.reactive.url},
 * {@code quarkus.datasource.username}, {@code quarkus.datasource.password}, {@code tocsin.amqp.host},
 * {@code tocsin.amqp.port}, {@code mp.jwt.verify.publickey} (base64 DER, one line) and {@code mp.jwt.verify.issuer}.
 */
public class DevStackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        DevStack stack = DevStack.shared();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", stack.jdbcUrl());
        config.put("quarkus.datasource.reactive.url", stack.reactiveUrl());
        config.put("quarkus.datasource.username", stack.dbUsername());
        config.put("quarkus.datasource.password", stack.dbPassword());
        config.put("tocsin.amqp.host", stack.amqpHost());
        config.put("tocsin.amqp.port", Integer.toString(stack.amqpPort()));
        config.put("mp.jwt.verify.publickey", stack.signingKeys().publicKeyBase64());
        config.put("mp.jwt.verify.issuer", InternalJwt.DEFAULT_ISSUER);
        return config;
    }

    @Override
    public void stop() {
        // The shared stack lives as long as the JVM; its shutdown hook stops it.
    }
}
