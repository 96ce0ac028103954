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
import java.util.UUID;

/**
 * Mints the internal JWT that replaces the caller's credentials on every forwarded request (SPEC §2):
 * RS256, issuer {@code tocsin-gateway}, audience {@code tocsin}, short-lived, with {@code sub}, {@code org},
 * {@code groups}, {@code email}, {@code name} and {@code plan} when the caller has one. Loaded at start so
 * that a missing key stops the gateway at once rather than on the first request.
 */
@Startup
@ApplicationScoped
public class InternalTokenMinter {

    public static final String ISSUER = "tocsin-gateway";
    public static final String AUDIENCE = "tocsin";
    /** The services refuse longer-lived tokens. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

    private final RSAPrivateKey key;
    private final Duration lifetime;
    private final Clock clock;

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

    public String mint(Caller caller) {
        Instant now = clock.instant();
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
