package io.tocsin.gateway.apikeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.gateway.identity.Caller;
import io.tocsin.platform.problem.ProblemException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApiKeyRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-15T14:00:00Z");

    @Test
    void keysAreRandomUrlSafeAndStoredAsTheirSha256() {
        SecureRandom random = new SecureRandom();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String key = ApiKeySecret.generate(random);
            assertThat(key).matches("tsk_[A-Za-z0-9_-]{43}");
            assertThat(ApiKeySecret.isWellFormed(key)).isTrue();
            keys.add(key);
        }
        assertThat(keys).hasSize(100);
        assertThat(ApiKeySecret.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiKeySecret.displayPrefix("tsk_ABCDEFGH")).isEqualTo("tsk_ABCD");
        assertThat(ApiKeySecret.isWellFormed("tsk_short")).isFalse();
        assertThat(ApiKeySecret.isWellFormed("tsk_" + "a".repeat(40) + "!")).isFalse();
    }

    @Test
    void rolesAreGrantedUpToTheCreatorsOwn() {
        Caller admin = user("admin");
        assertThat(ApiKeyPolicy.grantable(admin, List.of("admin", "viewer", "viewer"))).containsExactly("viewer", "admin");
        assertThat(ApiKeyPolicy.grantable(user("owner"), List.of("owner"))).containsExactly("owner");
        assertThatThrownBy(() -> ApiKeyPolicy.grantable(admin, List.of("owner")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> ApiKeyPolicy.grantable(admin, List.of("viewer", "god")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errors().get(0).field()).isEqualTo("roles[1]");
                });
        Caller key = Caller.apiKey(UUID.randomUUID(), "acme", Set.of("owner"), "automation", null);
        assertThatThrownBy(() -> ApiKeyPolicy.grantable(key, List.of("viewer")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void aKeyWorksUntilRevokedOrExpired() {
        assertThat(ApiKeyPolicy.isUsable(key(null, null), NOW)).isTrue();
        assertThat(ApiKeyPolicy.isUsable(key(NOW.plusSeconds(1), null), NOW)).isTrue();
        assertThat(ApiKeyPolicy.isUsable(key(NOW, null), NOW)).isFalse();
        assertThat(ApiKeyPolicy.isUsable(key(null, NOW.minusSeconds(1)), NOW)).isFalse();
        assertThatThrownBy(() -> ApiKeyPolicy.checkExpiry(NOW, NOW)).isInstanceOf(ProblemException.class);
        ApiKeyPolicy.checkExpiry(null, NOW);
        ApiKeyPolicy.checkExpiry(NOW.plusMillis(1), NOW);
    }

    @Test
    void lastUseIsDueOncePerIntervalCountingWhatTheDatabaseSays() {
        Clock[] clock = {Clock.fixed(NOW, ZoneOffset.UTC)};
        LastUseThrottle throttle = new LastUseThrottle(new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clock[0].instant();
            }
        }, Duration.ofMinutes(1));
        UUID id = UUID.randomUUID();
        assertThat(throttle.due(id, null)).isEqualTo(NOW);
        assertThat(throttle.due(id, null)).isNull();
        clock[0] = Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC);
        assertThat(throttle.due(id, NOW)).isEqualTo(NOW.plusSeconds(60));

        UUID usedElsewhere = UUID.randomUUID();
        assertThat(throttle.due(usedElsewhere, NOW.plusSeconds(30))).as("another replica wrote it 30s ago").isNull();
        assertThat(throttle.due(usedElsewhere, NOW.minusSeconds(1))).isEqualTo(NOW.plusSeconds(60));
    }

    private static Caller user(String role) {
        return new Caller("u-1", "acme", Set.of(role), null, null, null, null);
    }

    private static ApiKey key(Instant expiresAt, Instant revokedAt) {
        return new ApiKey("acme", UUID.randomUUID(), "k", "tsk_abcd", "0".repeat(64), List.of("viewer"), "u-1", NOW.minusSeconds(60),
                expiresAt, revokedAt, null, null);
    }
}
