package io.tocsin.devstack.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tocsin.devstack.DevStack;

class DevStackResourceTest {

    @Test
    void pointsTheServiceAtTheSharedStack() throws Exception {
        DevStackResource resource = new DevStackResource();
        Map<String, String> config = resource.start();
        DevStack stack = DevStack.shared();

        assertThat(config).containsOnlyKeys(
                "quarkus.datasource.jdbc.url", "quarkus.datasource.reactive.url", "quarkus.datasource.username",
                "quarkus.datasource.password", "tocsin.amqp.host", "tocsin.amqp.port", "mp.jwt.verify.publickey",
                "mp.jwt.verify.issuer");
        assertThat(config)
                .containsEntry("quarkus.datasource.jdbc.url", stack.jdbcUrl())
                .containsEntry("quarkus.datasource.reactive.url", stack.reactiveUrl())
                .containsEntry("quarkus.datasource.username", "postgres")
                .containsEntry("quarkus.datasource.password", stack.dbPassword())
                .containsEntry("tocsin.amqp.host", "127.0.0.1")
                .containsEntry("tocsin.amqp.port", String.valueOf(stack.amqpPort()))
                .containsEntry("mp.jwt.verify.issuer", "tocsin-gateway");
        resource.stop();
        assertThat(stack.brokerRunning()).isTrue();

        // A token from TestTokens verifies against the advertised public key.
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(config.get("mp.jwt.verify.publickey"))));
        String[] parts = TestTokens.token("demo", "user-1", "owner").split("\\.");
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        assertThat(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                .contains("\"org\":\"demo\"", "\"sub\":\"user-1\"", "\"groups\":[\"owner\"]");
    }

    @Test
    void sharedIsOnePerJvm() {
        assertThat(DevStack.shared()).isSameAs(DevStack.shared());
        DevStack.shared().close(); // no effect on the shared stack
        assertThat(DevStack.shared().brokerRunning()).isTrue();
    }
}
