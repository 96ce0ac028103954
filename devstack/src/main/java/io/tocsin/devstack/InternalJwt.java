package io.tocsin.devstack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Mints the internal RS256 JWTs that the gateway would issue, using only the JDK.
 *
 * <pre>{@code
 * String token = InternalJwt.builder().subject("u-1").org("demo").roles("owner").sign(keys.privateKey());
 * }</pre>
 *
 * <p>Claims: {@code iss}, {@code aud}, {@code sub}, {@code upn} (= sub), {@code org}, {@code groups} (the roles),
 * {@code email}, {@code name}, {@code iat}, {@code exp}, {@code jti} (random UUID). Unset optional claims are left
 * out; {@code groups} is always present (possibly empty).
 */
public final class InternalJwt {

    public static final String DEFAULT_ISSUER = "tocsin-gateway";
    public static final String DEFAULT_AUDIENCE = "tocsin";
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private InternalJwt() {
    }

    /** A builder with iss {@code tocsin-gateway}, aud {@code tocsin}, a 5-minute lifetime and iat = now. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects claims; each call returns the same builder. Not thread-safe. */
    public static final class Builder {
        private String issuer = DEFAULT_ISSUER;
        private String audience = DEFAULT_AUDIENCE;
        private String subject;
        private String org;
        private List<String> roles = List.of();
        private String email;
        private String name;
        private Duration lifetime = DEFAULT_LIFETIME;
        private Instant issuedAt;
        private final Map<String, String> extra = new LinkedHashMap<>();
        private final Set<String> removed = new HashSet<>();

        private Builder() {
        }

        /** {@code sub}, also written as {@code upn}. */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder org(String org) {
            this.org = org;
            return this;
        }

        /** The roles, written as the JSON array claim {@code groups}. */
        public Builder roles(String... roles) {
            List<String> list = new ArrayList<>();
            if (roles != null) {
                for (String role : roles) {
                    list.add(Objects.requireNonNull(role, "role"));
                }
            }
            this.roles = List.copyOf(list);
            return this;
        }

        public Builder email(String email) {
            this.email = email;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        /** Lifetime: {@code exp = iat + lifetime}; a negative value gives an already expired token. */
        public Builder expiresIn(Duration lifetime) {
            this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        /** {@code iat}; defaults to the moment of signing. */
        public Builder issuedAt(Instant issuedAt) {
            this.issuedAt = issuedAt;
            return this;
        }

        /** Adds a string claim, or replaces a standard one (the value is then always a string). */
        public Builder claim(String name, String value) {
            Objects.requireNonNull(name, "name");
            removed.remove(name);
            extra.put(name, value);
            return this;
        }

        /** Leaves a claim out of the token, standard or not. */
        public Builder withoutClaim(String name) {
            Objects.requireNonNull(name, "name");
            extra.remove(name);
            removed.add(name);
            return this;
        }

        /** The claims as they would be written now, in order. */
        Map<String, Object> claims() {
            Instant iat = issuedAt != null ? issuedAt : Instant.now();
            Map<String, Object> claims = new LinkedHashMap<>();
            putIfSet(claims, "iss", issuer);
            putIfSet(claims, "aud", audience);
            putIfSet(claims, "sub", subject);
            putIfSet(claims, "upn", subject);
            putIfSet(claims, "org", org);
            claims.put("groups", roles);
            putIfSet(claims, "email", email);
            putIfSet(claims, "name", name);
            claims.put("iat", iat.getEpochSecond());
            claims.put("exp", iat.plus(lifetime).getEpochSecond());
            claims.put("jti", UUID.randomUUID().toString());
            claims.putAll(extra);
            claims.keySet().removeAll(removed);
            return claims;
        }

        /** A compact JWS signed with RS256 (header {@code {"alg":"RS256","typ":"JWT"}}). */
        public String sign(RSAPrivateKey key) {
            Objects.requireNonNull(key, "key");
            String signingInput = encode(header("RS256")) + "." + encode(Json.object(claims()));
            try {
                Signature signature = Signature.getInstance("SHA256withRSA");
                signature.initSign(key);
                signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
                return signingInput + "." + B64URL.encodeToString(signature.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot sign JWT", e);
            }
        }

        /** An unsecured token (header {@code {"alg":"none"}}, empty signature) for negative tests. */
        public String unsigned() {
            return encode(Json.object(Map.of("alg", "none"))) + "." + encode(Json.object(claims())) + ".";
        }

        private static String header(String alg) {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("alg", alg);
            header.put("typ", "JWT");
            return Json.object(header);
        }

        private static void putIfSet(Map<String, Object> claims, String name, String value) {
            if (value != null) {
                claims.put(name, value);
            }
        }

        @Override
        public String toString() {
            return "InternalJwt.Builder" + Arrays.asList(subject, org, roles);
        }
    }

    private static String encode(String json) {
        return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
