package io.tocsin.devstack.testing;

import io.tocsin.devstack.DevStack;
import io.tocsin.devstack.InternalJwt;

/** Internal JWTs signed with the shared dev stack's keys, i.e. accepted by services set up by {@link DevStackResource}. */
public final class TestTokens {

    private TestTokens() {
    }

    /** A 5-minute token for {@code sub} in {@code org} with the given roles (email {@code <sub>@example.com}). */
    public static String token(String org, String sub, String... roles) {
        return sign(InternalJwt.builder()
                .org(org)
                .subject(sub)
                .roles(roles)
                .email(sub + "@example.com")
                .name(sub));
    }

    /** Signs a custom builder (e.g. expired, other issuer) with the shared stack's private key. */
    public static String sign(InternalJwt.Builder builder) {
        return builder.sign(DevStack.shared().signingKeys().privateKey());
    }
}
