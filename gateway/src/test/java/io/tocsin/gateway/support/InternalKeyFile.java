package io.tocsin.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tocsin.devstack.DevStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives the gateway devstack's private key as a PEM file (as the local suite does), so that what it mints
 * verifies with devstack's public key, the one the services trust.
 */
public class InternalKeyFile implements QuarkusTestResourceLifecycleManager {

    private Path file;

    @Override
    public Map<String, String> start() {
        try {
            file = Files.createTempFile("tocsin-gateway-key", ".pem");
            Files.writeString(file, DevStack.shared().signingKeys().privateKeyPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("tocsin.gateway.internal-token.private-key-location", file.toUri().toString());
    }

    @Override
    public void stop() {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
