package io.tocsin.platform.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request, read from the verified internal JWT. */
@ApplicationScoped
public class CurrentCaller {

    private final SecurityIdentity identity;

    public CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller get() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            throw new UnauthorizedException();
        }
        String org = jwt.getClaim(InternalTokenAugmentor.ORG_CLAIM);
        return new Caller(jwt.getSubject(), org, Set.copyOf(identity.getRoles()),
                jwt.getClaim("email"), jwt.getClaim("name"));
    }
}
