package io.tocsin.gateway.support;

import io.tocsin.devstack.DevStack;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;

/** Reads the internal JWTs the gateway sent upstream, checking them as the services do (devstack's public key). */
public final class InternalTokens {

    private InternalTokens() {
    }

    /** The claims of an RS256 token signed with devstack's key; fails on anything else. */
    public static JsonObject verifiedClaims(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
            throw new AssertionError("no bearer token upstream: " + authorizationHeader);
        }
        String[] parts = authorizationHeader.substring("Bearer ".length()).split("\\.");
        if (parts.length != 3) {
            throw new AssertionError("not a compact JWS");
        }
        JsonObject header = json(parts[0]);
        if (!"RS256".equals(header.getString("alg"))) {
            throw new AssertionError("not RS256: " + header);
        }
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(DevStack.shared().signingKeys().publicKey());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                throw new AssertionError("signature does not verify with devstack's public key");
            }
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        return json(parts[1]);
    }

    private static JsonObject json(String part) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    }
}
