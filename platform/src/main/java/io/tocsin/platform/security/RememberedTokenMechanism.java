package io.tocsin.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.tocsin.platform.http.RememberedBearerMechanism;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Accepts an internal token this service verified earlier and that has not expired as the identity
 * it gave then ({@link VerifiedInternalTokens}). Anything else goes on to smallrye-jwt, which
 * verifies it; the {@link InternalTokenAugmentor} then remembers it.
 */
@ApplicationScoped
public class RememberedTokenMechanism extends RememberedBearerMechanism {

    private final VerifiedInternalTokens tokens;

    public RememberedTokenMechanism(VerifiedInternalTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected SecurityIdentity remembered(String token) {
        return tokens.identity(token);
    }
}
