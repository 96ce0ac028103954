package io.tocsin.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Bearer tokens for the bench suite, signed with the suite's own key (the one deploy/local/token.sh
 * uses), minted in-process because a scenario needs one per organisation and a JVM per token is slow.
 * External tokens are those of the local dev issuer (gateway only); internal ones are what the
 * gateway forwards, for calling a service directly.
 */
final class Tokens {

    private final PrivateKey key;

    Tokens(Path dataDir) {
        try {
            String pem = Files.readString(dataDir.resolve("keys/private.pem"), StandardCharsets.US_ASCII);
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the suite's signing key in " + dataDir + "/keys: " + e.getMessage(), e);
        }
    }

    /** A token the gateway accepts (local dev issuer, 60 minutes). */
    String external(String org, List<String> roles) {
        return sign("tocsin-local-dev", "tocsin-api", org, roles, Duration.ofMinutes(60));
    }

    /** A token a service accepts directly (what the gateway mints; at most 5 minutes). */
    String internal(String org, List<String> roles) {
        return sign("tocsin-gateway", "tocsin", org, roles, Duration.ofMinutes(5));
    }

    private String sign(String issuer, String audience, String org, List<String> roles, Duration lifetime) {
        Instant now = Instant.now();
        JsonObject claims = new JsonObject()
                .put("iss", issuer).put("aud", audience).put("sub", "bench-user").put("upn", "bench-user")
                .put("org", org).put("groups", new JsonArray(roles)).put("email", "bench-user@example.com")
                .put("name", "bench-user").put("iat", now.getEpochSecond()).put("exp", now.plus(lifetime).getEpochSecond())
                .put("jti", UUID.randomUUID().toString());
        String input = encode(new JsonObject().put("alg", "RS256").put("typ", "JWT").encode()) + "." + encode(claims.encode());
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
