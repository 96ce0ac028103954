package io.tocsin.gateway.internaltoken;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.tocsin.gateway.GatewaySettings;
import io.tocsin.gateway.identity.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mints the internal JWT that replaces the caller's credentials on every forwarded request (SPEC §2):
 * RS256, issuer {@code tocsin-gateway}, audience {@code tocsin}, short-lived, with {@code sub}, {@code org},
 * {@code groups}, {@code email}, {@code name} and {@code plan} when the caller has one. Loaded at start so
 * that a missing key stops the gateway at once rather than on the first request.
 *
 * <p>An RS256 signature costs about a millisecond of CPU, so a caller's token is reused while more than half
 * of its lifetime remains (the services check signature, issuer, audience and expiry, not {@code jti}
 * uniqueness). The cache is bounded; when full it is emptied and refilled by the callers still active.
 */
@Startup
@ApplicationScoped
public class InternalTokenMinter {

    public static final String ISSUER = "tocsin-gateway";
    public static final String AUDIENCE = "tocsin";
    /** The services refuse longer-lived tokens. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

    static final int MAX_CACHED = 10_000;

    /** A minted token and the window in which it is handed out again. */
    private record Minted(String token, Instant mintedAt, Instant reuseUntil) {
    }

    private final RSAPrivateKey key;
    private final Duration lifetime;
    private final Clock clock;
    private final Map<Caller, Minted> minted = new ConcurrentHashMap<>();

    public InternalTokenMinter(GatewaySettings settings, Clock clock) {
        Duration configured = settings.internalToken().lifetime();
        if (configured.isNegative() || configured.isZero() || configured.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("tocsin.gateway.internal-token.lifetime must be between 1s and 5m, not "
                    + configured);
        }
        this.key = SigningKey.load(settings.internalToken().privateKeyLocation());
        this.lifetime = configured;
        this.clock = clock;
    }

    /** The caller's internal token: a fresh one, or the one minted for the same caller less than half a lifetime ago. */
    public String mint(Caller caller) {
        Instant now = clock.instant();
        Minted cached = minted.get(caller);
        if (cached != null && !now.isBefore(cached.mintedAt()) && now.isBefore(cached.reuseUntil())) {
            return cached.token();
        }
        String token = sign(caller, now);
        if (minted.size() >= MAX_CACHED) {
            minted.clear();
        }
        minted.put(caller, new Minted(token, now, now.plus(lifetime.dividedBy(2))));
        return token;
    }

    private String sign(Caller caller, Instant now) {
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(caller.sub())
                .upn(caller.sub())
                .groups(caller.roles())
                .claim("org", caller.org())
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plus(lifetime));
        if (caller.email() != null) {
            claims.claim("email", caller.email());
        }
        if (caller.name() != null) {
            claims.claim("name", caller.name());
        }
        if (caller.plan() != null) {
            claims.claim("plan", caller.plan());
        }
        return claims.jws().algorithm(SignatureAlgorithm.RS256).sign(key);
    }
}
