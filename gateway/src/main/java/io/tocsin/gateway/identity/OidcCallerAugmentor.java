package io.tocsin.gateway.identity;

import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import io.tocsin.gateway.GatewaySettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.Map;

/**
 * Turns an identity verified by quarkus-oidc into a Tocsin caller: organisation and roles from the
 * configured claims. A token that names no organisation is refused (401): tenancy has no default.
 */
@ApplicationScoped
public class OidcCallerAugmentor implements SecurityIdentityAugmentor {

    private final ExternalClaims claims;
    private final VerifiedTokens verified;

    public OidcCallerAugmentor(GatewaySettings settings, VerifiedTokens verified) {
        this.claims = new ExternalClaims(settings.orgClaim(), settings.rolesClaims());
        this.verified = verified;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || CallerIdentities.callerOf(identity) != null
                || !(identity.getPrincipal() instanceof OidcJwtCallerPrincipal token)) {
            return Uni.createFrom().item(identity);
        }
        return claims.caller(payload(token.getRawToken()))
                .map(caller -> {
                    verified.remember(token.getRawToken(), caller, token.getExpirationTime() > 0 ? token.getExpirationTime() : null);
                    return Uni.createFrom().item(CallerIdentities.of(caller));
                })
                .orElseGet(() -> Uni.createFrom().failure(
                        new AuthenticationFailedException("token names no subject or no organisation")));
    }

    /**
     * The claims as plain maps, lists and strings, read from the token quarkus-oidc has just verified (its
     * principal hands nested claims over as JSON-P values).
     */
    private static Map<String, Object> payload(String rawToken) {
        String[] parts = rawToken.split("\\.");
        return new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(parts[1]))).getMap();
    }
}
