package io.tocsin.notifier.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    @Test
    void sealedSecretsOpenOnlyForTheirOrganisationAndNeverShowThePlaintext() {
        SecretBox box = SecretBox.fromBase64(KEY);
        byte[] sealed = box.seal("acme", "routing-key-1234");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("routing-key");
        assertThat(box.open("acme", sealed)).isEqualTo("routing-key-1234");
        assertThat(box.seal("acme", "routing-key-1234")).isNotEqualTo(sealed);
        assertThatThrownBy(() -> box.open("other-org", sealed)).hasMessageContaining("could not be decrypted")
                .hasMessageNotContaining("routing");
        String otherKey = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SecretBox.fromBase64(otherKey).open("acme", sealed)).hasMessageContaining("TOCSIN_SECRETS_KEY");
    }

    @Test
    void aMissingOrMalformedKeyIsAClearStartupError() {
        assertThatThrownBy(() -> SecretBox.fromBase64(null)).hasMessageContaining("TOCSIN_SECRETS_KEY is not set")
                .hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> SecretBox.fromBase64("not base64!")).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> SecretBox.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes").hasMessageContaining("not 16");
    }

    @Test
    void secretsAreShownByTheirLastFourCharactersOnly() {
        assertThat(SecretBox.mask("R0UT1NGKEY-abcd")).isEqualTo("****abcd");
        assertThat(SecretBox.mask("short")).isEqualTo("****");
        assertThat(SecretBox.mask(null)).isNull();
    }
}
