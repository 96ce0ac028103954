package io.tocsin.gateway.identity;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.tocsin.platform.security.Roles;

/** The security identity of a {@link Caller}: roles expanded (owner ⊃ admin ⊃ responder ⊃ viewer) for {@code @RolesAllowed}. */
public final class CallerIdentities {

    private static final String ATTRIBUTE = Caller.class.getName();

    private CallerIdentities() {
    }

    public static SecurityIdentity of(Caller caller) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.sub()))
                .addRoles(Roles.expand(caller.roles()))
                .addAttribute(ATTRIBUTE, caller)
                .build();
    }

    /** The caller behind an identity the gateway built, or null (anonymous, or not yet augmented). */
    public static Caller callerOf(SecurityIdentity identity) {
        return identity == null || identity.isAnonymous() ? null : identity.getAttribute(ATTRIBUTE);
    }

    /** The caller of the current request; JAX-RS endpoints only run for authenticated callers. */
    public static Caller require(SecurityIdentity identity) {
        Caller caller = callerOf(identity);
        if (caller == null) {
            throw new UnauthorizedException();
        }
        return caller;
    }
}
