package io.tocsin.gateway.identity;

import io.quarkus.security.identity.SecurityIdentity;
import io.tocsin.platform.http.RememberedBearerMechanism;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs before quarkus-oidc (priority 1500: after the API-key mechanism, 2000): a bearer token it verified earlier and that has
 * not expired is accepted as the caller it stood for then. Anything else finds no credential here and goes on
 * to quarkus-oidc, which verifies it and, through {@link OidcCallerAugmentor}, remembers it.
 */
@ApplicationScoped
public class VerifiedTokenMechanism extends RememberedBearerMechanism {

    private final VerifiedTokens tokens;

    public VerifiedTokenMechanism(VerifiedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected SecurityIdentity remembered(String token) {
        Caller caller = tokens.caller(token);
        return caller == null ? null : CallerIdentities.of(caller);
    }
}
