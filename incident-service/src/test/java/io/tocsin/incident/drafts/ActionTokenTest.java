package io.tocsin.incident.drafts;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.incident.drafts.ActionToken.Action;
import io.tocsin.incident.drafts.ActionToken.Expired;
import io.tocsin.incident.drafts.ActionToken.Invalid;
import io.tocsin.incident.drafts.ActionToken.Valid;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ActionTokenTest {

    private static final Instant NOW = Instant.parse("2026-03-15T14:32:00Z");
    private static final UUID INCIDENT = UUID.fromString("6f1c2a8e-3b7d-4c1e-9a55-0d2f4b8e1c77");

    @Test
    void aSignedTokenVerifiesWithItsActionAndExpiry() {
        String token = ActionToken.sign(INCIDENT, Action.PUBLISH, NOW.plus(Duration.ofHours(24)), "s1");
        String body = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
        assertThat(body).isEqualTo(INCIDENT + "|publish|" + NOW.plus(Duration.ofHours(24)).toEpochMilli());
        assertThat(ActionToken.verify(token, List.of("s1"), NOW))
                .isEqualTo(new Valid(INCIDENT, Action.PUBLISH, NOW.plus(Duration.ofHours(24))));
    }

    @Test
    void theActionCannotBeSwappedAndNoByteCanChange() {
        String token = ActionToken.sign(INCIDENT, Action.PUBLISH, NOW.plusSeconds(60), "s1");
        String signature = token.substring(token.indexOf('.') + 1);
        String swappedBody = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (INCIDENT + "|dismiss|" + NOW.plusSeconds(60).toEpochMilli()).getBytes(StandardCharsets.UTF_8));
        assertThat(ActionToken.verify(swappedBody + "." + signature, List.of("s1"), NOW)).isInstanceOf(Invalid.class);
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                continue;
            }
            char flipped = c == 'A' ? 'B' : 'A';
            String tampered = token.substring(0, i) + flipped + token.substring(i + 1);
            assertThat(ActionToken.verify(tampered, List.of("s1"), NOW)).as("byte %d changed", i).isNotInstanceOf(Valid.class);
        }
    }

    @Test
    void expiredTokensAreRecognisedButNotValid() {
        String token = ActionToken.sign(INCIDENT, Action.DISMISS, NOW, "s1");
        assertThat(ActionToken.verify(token, List.of("s1"), NOW)).isInstanceOf(Valid.class);
        assertThat(ActionToken.verify(token, List.of("s1"), NOW.plusMillis(1))).isEqualTo(new Expired(INCIDENT, Action.DISMISS));
    }

    @Test
    void everyListedSecretVerifiesAndARetiredOneDoesNot() {
        String old = ActionToken.sign(INCIDENT, Action.PUBLISH, NOW.plusSeconds(60), "old");
        assertThat(ActionToken.verify(old, List.of("new", "old"), NOW)).isInstanceOf(Valid.class);
        assertThat(ActionToken.verify(old, List.of("new"), NOW)).isInstanceOf(Invalid.class);
    }

    @Test
    void garbageIsInvalid() {
        for (String token : new String[] {null, "", ".", "abc", "a.b.c", "%%%.%%%", "x".repeat(600)}) {
            assertThat(ActionToken.verify(token, List.of("s1"), NOW)).as(String.valueOf(token)).isInstanceOf(Invalid.class);
        }
    }
}
