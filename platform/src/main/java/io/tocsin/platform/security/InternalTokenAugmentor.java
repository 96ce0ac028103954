package io.tocsin.platform.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Completes the identity from the gateway's internal JWT: a token without an {@code org} claim
 * is refused (tenancy comes from that claim and nothing else), and roles imply the lower ones.
 * The completed identity's token is remembered ({@link VerifiedInternalTokens}), so that the same
 * token is not verified again on the next request.
 */
@ApplicationScoped
public class InternalTokenAugmentor implements SecurityIdentityAugmentor {

    public static final String ORG_CLAIM = "org";

    private final VerifiedInternalTokens tokens;

    public InternalTokenAugmentor(VerifiedInternalTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        Object org = jwt.getClaim(ORG_CLAIM);
        if (!(org instanceof String value) || value.isBlank()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("token has no org claim"));
        }
        SecurityIdentity completed = QuarkusSecurityIdentity.builder(identity)
                .addRoles(Roles.expand(identity.getRoles()))
                .build();
        tokens.remember(jwt, completed.getRoles());
        return Uni.createFrom().item(completed);
    }
}
