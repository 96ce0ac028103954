package io.tocsin.platform.security;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Internal tokens this service has verified, with the identity each gave, until the token expires.
 * The gateway reuses an internal token for half its lifetime, so nearly every request carries a
 * token verified moments before; parsing it and checking its RS256 signature again was the largest
 * share of a request's CPU in the benchmark. A remembered token is accepted as it was then: a key
 * rotated away meanwhile does not withdraw it before its expiry (internal tokens live minutes).
 * Bounded; emptied when full.
 */
@ApplicationScoped
public class VerifiedInternalTokens {

    static final int MAX_REMEMBERED = 10_000;
    private static final String BEARER = "bearer";

    private record Verified(JsonWebToken token, Set<String> roles, Instant expiresAt) {
    }

    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public VerifiedInternalTokens(Clock clock) {
        this.clock = clock;
    }

    /** Remembers a verified token and the roles its identity ended with; a token without an expiry is not kept. */
    public void remember(JsonWebToken token, Set<String> roles) {
        String raw = token.getRawToken();
        Object expiresAt = token.getClaim(Claims.exp.name());
        if (raw == null || !(expiresAt instanceof Number seconds) || seconds.longValue() <= 0) {
            return;
        }
        if (verified.size() >= MAX_REMEMBERED) {
            verified.clear();
        }
        verified.put(raw, new Verified(token, Set.copyOf(roles), Instant.ofEpochSecond(seconds.longValue())));
    }

    /** A fresh identity for a token verified before and not expired yet, or null. */
    public SecurityIdentity identity(String rawToken) {
        Verified found = verified.get(rawToken);
        if (found == null) {
            return null;
        }
        if (!clock.instant().isBefore(found.expiresAt())) {
            verified.remove(rawToken, found);
            return null;
        }
        return QuarkusSecurityIdentity.builder().setPrincipal(found.token()).addRoles(found.roles())
                .addCredential(new TokenCredential(rawToken, BEARER)).build();
    }
}
