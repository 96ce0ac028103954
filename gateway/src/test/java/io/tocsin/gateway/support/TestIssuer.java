package io.tocsin.gateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;

/**
 * A small OIDC provider for the tests: an RSA key of its own, and an HTTP server (WireMock on a random port)
 * serving the discovery document and the JWKS, so quarkus-oidc does what it does in production. Tests sign
 * tokens with the key it publishes ({@link Tokens}).
 */
public class TestIssuer implements QuarkusTestResourceLifecycleManager {

    public static final String KEY_ID = "tocsin-test-issuer";
    public static final String PRIVATE_KEY_PROPERTY = "tocsin.test.issuer.private-key";
    private static final String REALM = "/realms/tocsin";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        KeyPair keys = rsa();
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        String issuer = "http://127.0.0.1:" + server.port() + REALM;
        JsonObject discovery = new JsonObject()
                .put("issuer", issuer)
                .put("jwks_uri", issuer + "/protocol/openid-connect/certs")
                .put("authorization_endpoint", issuer + "/protocol/openid-connect/auth")
                .put("token_endpoint", issuer + "/protocol/openid-connect/token")
                .put("id_token_signing_alg_values_supported", new JsonArray().add("RS256"));
        RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
        JsonObject jwks = new JsonObject().put("keys", new JsonArray().add(new JsonObject()
                .put("kty", "RSA").put("kid", KEY_ID).put("use", "sig").put("alg", "RS256")
                .put("n", unsigned(publicKey.getModulus())).put("e", unsigned(publicKey.getPublicExponent()))));
        server.stubFor(get(urlPathEqualTo(REALM + "/.well-known/openid-configuration"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(discovery.encode())));
        server.stubFor(get(urlPathEqualTo(REALM + "/protocol/openid-connect/certs"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(jwks.encode())));
        return Map.of(
                "quarkus.oidc.auth-server-url", issuer,
                PRIVATE_KEY_PROPERTY, Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            bytes = trimmed;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
