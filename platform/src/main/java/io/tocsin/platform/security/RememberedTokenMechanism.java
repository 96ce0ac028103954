package io.tocsin.platform.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Runs before smallrye-jwt's mechanism: a bearer token this service verified earlier and that has
 * not expired is accepted as the identity it gave then ({@link VerifiedInternalTokens}). Anything
 * else finds no credential here and goes on to smallrye-jwt, which verifies it; the
 * {@link InternalTokenAugmentor} then remembers it.
 */
@ApplicationScoped
public class RememberedTokenMechanism implements HttpAuthenticationMechanism {

    /** Above smallrye-jwt's mechanism, which has the default priority (1000). */
    static final int PRIORITY = 1500;
    private static final String BEARER = "bearer ";

    private final VerifiedInternalTokens tokens;

    public RememberedTokenMechanism(VerifiedInternalTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(tokens.identity(authorization.substring(BEARER.length()).strip()));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
