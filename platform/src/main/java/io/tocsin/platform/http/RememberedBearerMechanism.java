package io.tocsin.platform.http;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * A mechanism that runs ahead of the one that verifies bearer tokens (quarkus-oidc at the gateway,
 * smallrye-jwt in the services) and accepts a token verified before from memory. A request without a
 * bearer token, or with one not remembered, finds no credential here and goes on to the verifier.
 */
public abstract class RememberedBearerMechanism implements HttpAuthenticationMechanism {

    /** Above the verifiers' default priority (1000). */
    public static final int PRIORITY = 1500;
    private static final String BEARER = "bearer ";

    /** The identity a remembered, unexpired token stands for; null otherwise. */
    protected abstract SecurityIdentity remembered(String token);

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(remembered(authorization.substring(BEARER.length()).strip()));
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
