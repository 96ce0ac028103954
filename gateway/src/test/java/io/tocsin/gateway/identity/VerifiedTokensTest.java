package io.tocsin.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.gateway.support.Api;
import io.tocsin.gateway.support.Services;
import io.tocsin.gateway.support.TestClock;
import io.tocsin.gateway.support.Tokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A token quarkus-oidc verified is remembered until it expires; nothing else is. */
@QuarkusTest
class VerifiedTokensTest {

    @Inject
    VerifiedTokens verified;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aVerifiedTokenIsRememberedUntilItExpiresAndAForgedOneNever() {
        String org = Api.newOrg();
        Instant now = Instant.now();
        String token = Tokens.sign(Tokens.claims(org, "u-cached", "responder").issuedAt(now).expiresAt(now.plusSeconds(300)));
        assertThat(verified.caller(token)).isNull();

        String path = Services.uniquePath("/api/incidents");
        Api.bearer(token).get(path).then().statusCode(200);
        Api.bearer(token).get(path).then().statusCode(200);
        Caller caller = verified.caller(token);
        assertThat(caller).isNotNull();
        assertThat(caller.org()).isEqualTo(org);
        assertThat(caller.sub()).isEqualTo("u-cached");
        assertThat(Services.received(path)).hasSize(2);

        // A token differing in one character of its signature was never verified: quarkus-oidc refuses it.
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "B" : "A") + token.charAt(token.length() - 1);
        Api.bearer(tampered).get(path).then().statusCode(401);
        assertThat(verified.caller(tampered)).isNull();

        clock.advance(Duration.between(clock.instant(), now.plusSeconds(301))); // the test clock stands still from the start
        assertThat(verified.caller(token)).as("gone once the token expired").isNull();
    }
}
