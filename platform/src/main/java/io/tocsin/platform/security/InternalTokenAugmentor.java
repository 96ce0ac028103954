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
 */
@ApplicationScoped
public class InternalTokenAugmentor implements SecurityIdentityAugmentor {

    public static final String ORG_CLAIM = "org";

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
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity)
                .addRoles(Roles.expand(identity.getRoles()))
                .build());
    }
}
