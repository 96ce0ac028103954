package io.tocsin.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedInternalTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final StoppedClock clock = new StoppedClock();
    private final VerifiedInternalTokens tokens = new VerifiedInternalTokens(clock);

    @Test
    void aRememberedTokenGivesItsIdentityUntilItExpires() {
        JsonWebToken jwt = token("raw-1", NOW.plusSeconds(120));
        tokens.remember(jwt, Set.of("responder", "viewer"));

        SecurityIdentity identity = tokens.identity("raw-1");
        assertThat(identity.getPrincipal()).isSameAs(jwt);
        assertThat(identity.getRoles()).containsExactlyInAnyOrder("responder", "viewer");
        assertThat(identity.getCredential(TokenCredential.class).getToken()).isEqualTo("raw-1");
        assertThat(tokens.identity("raw-1")).isNotSameAs(identity);

        clock.advance(Duration.ofSeconds(119));
        assertThat(tokens.identity("raw-1")).isNotNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.identity("raw-1")).isNull();
    }

    @Test
    void anUnknownTokenOrOneWithoutExpiryIsNotAnIdentity() {
        tokens.remember(token("no-expiry", null), Set.of("owner"));

        assertThat(tokens.identity("no-expiry")).isNull();
        assertThat(tokens.identity("never-seen")).isNull();
    }

    @Test
    void aFullMemoryStartsOver() {
        for (int i = 0; i < VerifiedInternalTokens.MAX_REMEMBERED; i++) {
            tokens.remember(token("raw-" + i, NOW.plusSeconds(60)), Set.of("viewer"));
        }
        assertThat(tokens.identity("raw-0")).isNotNull();

        tokens.remember(token("one-more", NOW.plusSeconds(60)), Set.of("viewer"));

        assertThat(tokens.identity("raw-0")).isNull();
        assertThat(tokens.identity("one-more")).isNotNull();
    }

    /** A clock that moves only when told. */
    private static final class StoppedClock extends Clock {
        private Instant now = NOW;

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static JsonWebToken token(String raw, Instant expiresAt) {
        Map<String, Object> claims = expiresAt == null ? Map.of("raw_token", raw, "org", "acme")
                : Map.of("raw_token", raw, "org", "acme", "exp", expiresAt.getEpochSecond());
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "someone";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return (T) claims.get(claimName);
            }
        };
    }
}
