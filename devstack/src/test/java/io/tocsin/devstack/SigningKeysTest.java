package io.tocsin.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void loadOrCreateTwiceReturnsTheSameKeys() throws Exception {
        Path keysDir = dir.resolve("keys");
        SigningKeys first = SigningKeys.loadOrCreate(keysDir);
        SigningKeys second = SigningKeys.loadOrCreate(keysDir);

        assertThat(second).isEqualTo(first);
        assertThat(second.privateKey().getEncoded()).isEqualTo(first.privateKey().getEncoded());
        assertThat(second.publicKey().getEncoded()).isEqualTo(first.publicKey().getEncoded());
        assertThat(Files.readString(keysDir.resolve("private.pem")))
                .startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n")
                .isEqualTo(first.privateKeyPem());
        assertThat(Files.readString(keysDir.resolve("public.pem")))
                .startsWith("-----BEGIN PUBLIC KEY-----\n")
                .isEqualTo(first.publicKeyPem());
        assertThat(SigningKeys.load(keysDir)).isEqualTo(first);
    }

    @Test
    void missingPublicKeyIsDerivedFromThePrivateOne() throws Exception {
        SigningKeys created = SigningKeys.loadOrCreate(dir);
        Files.delete(dir.resolve("public.pem"));
        assertThat(SigningKeys.loadOrCreate(dir)).isEqualTo(created);
        assertThat(dir.resolve("public.pem")).exists();
    }

    @Test
    void generatedKeysDiffer() {
        SigningKeys a = SigningKeys.generate();
        assertThat(a.publicKey().getModulus().bitLength()).isEqualTo(2048);
        assertThat(SigningKeys.generate()).isNotEqualTo(a);
        assertThat(a.publicKeyBase64()).doesNotContain("\n", "-----");
    }
}
