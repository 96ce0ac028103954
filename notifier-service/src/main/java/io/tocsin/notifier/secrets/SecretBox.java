package io.tocsin.notifier.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts integration secrets at rest with AES-256-GCM: {@code 12-byte random nonce ‖ ciphertext ‖ tag}.
 * The organisation id is bound in as associated data, so a ciphertext copied to another
 * organisation's row does not decrypt.
 */
public final class SecretBox {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * The box for a configured key (base64 of exactly 32 bytes); the message says what is wrong
     * without ever repeating the value.
     */
    public static SecretBox fromBase64(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalStateException("TOCSIN_SECRETS_KEY is not set: the notifier encrypts integration secrets at rest"
                    + " and needs a 32-byte AES key, base64-encoded (e.g. `openssl rand -base64 32`)");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("TOCSIN_SECRETS_KEY is not valid base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException("TOCSIN_SECRETS_KEY must decode to 32 bytes (AES-256), not " + key.length);
        }
        return new SecretBox(key);
    }

    public byte[] seal(String org, String plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(org.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String open(String org, byte[] box) {
        if (box == null || box.length <= NONCE_BYTES) {
            throw new IllegalStateException("not a sealed secret");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, box, 0, NONCE_BYTES));
            cipher.updateAAD(org.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored secret could not be decrypted (was TOCSIN_SECRETS_KEY changed?)");
        }
    }

    /** How a secret is shown: never in full, only its last 4 characters (and nothing of a short one). */
    public static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return null;
        }
        return secret.length() < 8 ? "****" : "****" + secret.substring(secret.length() - 4);
    }
}
