package io.tocsin.gateway.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/** External access tokens as the test issuer ({@link TestIssuer}) would issue them. */
public final class Tokens {

    public static final String AUDIENCE = "tocsin-api";

    private Tokens() {
    }

    /** The issuer URL, which is also the {@code iss} of its tokens. */
    public static String issuer() {
        return ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
    }

    /** Claims of a valid 5-minute token: the org in {@code org}, roles in {@code groups}. */
    public static JwtClaimsBuilder claims(String org, String sub, String... roles) {
        Instant now = Instant.now();
        return Jwt.issuer(issuer()).audience(AUDIENCE).subject(sub)
                .claim("org", org).groups(Set.of(roles))
                .claim("email", sub + "@example.com").claim("name", "User " + sub)
                .issuedAt(now).expiresAt(now.plusSeconds(300));
    }

    public static String token(String org, String sub, String... roles) {
        return sign(claims(org, sub, roles));
    }

    public static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId(TestIssuer.KEY_ID).sign(issuerKey());
    }

    /** Signed by a key the issuer never published, under the issuer's key id. */
    public static String signWithOtherKey(JwtClaimsBuilder claims) {
        return claims.jws().keyId(TestIssuer.KEY_ID).sign(TestIssuer.rsa().getPrivate());
    }

    private static PrivateKey issuerKey() {
        try {
            byte[] der = Base64.getDecoder().decode(
                    ConfigProvider.getConfig().getValue(TestIssuer.PRIVATE_KEY_PROPERTY, String.class));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
