package io.tocsin.gateway.apikeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The format of API keys: {@code tsk_} + 43 URL-safe characters (32 random bytes). A key is stored as the
 * hex SHA-256 of the whole key (a key has 256 bits of entropy, so no salt or slow hash is needed) and shown
 * in lists by its first 8 characters.
 */
public final class ApiKeySecret {

    public static final String PREFIX = "tsk_";
    public static final int DISPLAY_PREFIX_LENGTH = 8;
    private static final int RANDOM_BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile("tsk_[A-Za-z0-9_-]{32,128}");

    private ApiKeySecret() {
    }

    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A bearer token that claims to be an API key (it may still be malformed). */
    public static boolean isApiKey(String token) {
        return token.startsWith(PREFIX);
    }

    public static boolean isWellFormed(String token) {
        return FORMAT.matcher(token).matches();
    }

    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public static String displayPrefix(String key) {
        return key.substring(0, DISPLAY_PREFIX_LENGTH);
    }
}
