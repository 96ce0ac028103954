package io.tocsin.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class InternalJwtTest {

    private static final SigningKeys KEYS = SigningKeys.generate();

    @Test
    void signsWithRs256AndCarriesTheClaims() throws Exception {
        Instant issuedAt = Instant.parse("2030-01-02T03:04:05Z");
        String token = InternalJwt.builder()
                .subject("user-7")
                .org("acme")
                .roles("owner", "responder")
                .email("u7@example.com")
                .name("Ursula \"U\" Seven\n\\ é")
                .issuedAt(issuedAt)
                .expiresIn(Duration.ofMinutes(30))
                .sign(KEYS.privateKey());

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(decode(parts[0])).isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");

        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(KEYS.publicKey());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();

        String payload = decode(parts[1]);
        assertThat(payload)
                .contains("\"iss\":\"tocsin-gateway\"")
                .contains("\"aud\":\"tocsin\"")
                .contains("\"sub\":\"user-7\"")
                .contains("\"upn\":\"user-7\"")
                .contains("\"org\":\"acme\"")
                .contains("\"groups\":[\"owner\",\"responder\"]")
                .contains("\"email\":\"u7@example.com\"")
                .contains("\"name\":\"Ursula \\\"U\\\" Seven\\n\\\\ é\"")
                .contains("\"iat\":" + issuedAt.getEpochSecond())
                .contains("\"exp\":" + issuedAt.plus(Duration.ofMinutes(30)).getEpochSecond())
                .containsPattern("\"jti\":\"[0-9a-f-]{36}\"");
        assertThat(parts[0] + parts[1] + parts[2]).doesNotContain("=", "+", "/");
    }

    @Test
    void defaultsAndOverrides() {
        long before = Instant.now().getEpochSecond();
        String payload = decode(InternalJwt.builder()
                .subject("s")
                .issuer("someone-else")
                .claim("tenant", "t-1")
                .claim("org", "overridden")
                .withoutClaim("email")
                .withoutClaim("aud")
                .email("dropped@example.com")
                .sign(KEYS.privateKey()).split("\\.")[1]);
        assertThat(payload)
                .contains("\"iss\":\"someone-else\"", "\"tenant\":\"t-1\"", "\"org\":\"overridden\"", "\"groups\":[]")
                .doesNotContain("\"aud\"", "\"email\"");
        long iat = number(payload, "iat");
        assertThat(iat).isBetween(before, before + 5);
        assertThat(number(payload, "exp")).isEqualTo(iat + 300);
    }

    @Test
    void unsignedTokenUsesAlgNone() {
        String token = InternalJwt.builder().subject("x").org("o").roles("owner").unsigned();
        assertThat(token).endsWith(".");
        String[] parts = token.split("\\.", -1);
        assertThat(parts).hasSize(3);
        assertThat(parts[2]).isEmpty();
        assertThat(decode(parts[0])).isEqualTo("{\"alg\":\"none\"}");
        assertThat(decode(parts[1])).contains("\"sub\":\"x\"");
    }

    @Test
    void escapesControlCharacters() {
        StringBuilder out = new StringBuilder();
        Json.string(out, "a\u0001b\tc\u2028\"");
        assertThat(out.toString()).isEqualTo("\"a\\u0001b\\tc\\u2028\\\"\"");
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static long number(String json, String name) {
        var matcher = java.util.regex.Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertThat(matcher.find()).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
