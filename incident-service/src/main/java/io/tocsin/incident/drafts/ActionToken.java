package io.tocsin.incident.drafts;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-click publish/dismiss links (SPEC §5.4): {@code base64url(body) + "." +
 * base64url(HMAC-SHA-256(secret, body))} with body {@code <incidentId>|<action>|<expiresAtMs>}.
 * The action is inside the signed body, so a publish link cannot be turned into a dismiss link.
 * The first secret signs; every secret verifies (rotation). Signatures are compared in constant time.
 */
public final class ActionToken {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What a link may do. */
    public enum Action {
        PUBLISH, DISMISS;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Action fromWire(String value) {
            for (Action action : values()) {
                if (action.wire().equals(value)) {
                    return action;
                }
            }
            throw new IllegalArgumentException(value);
        }
    }

    /** The outcome of checking a token. */
    public sealed interface Verdict {
    }

    public record Valid(UUID incidentId, Action action, Instant expiresAt) implements Verdict {
    }

    public record Expired(UUID incidentId, Action action) implements Verdict {
    }

    /** Malformed, tampered with, or signed with a secret we no longer hold. */
    public record Invalid() implements Verdict {
    }

    private ActionToken() {
    }

    public static String sign(UUID incidentId, Action action, Instant expiresAt, String secret) {
        byte[] body = (incidentId + "|" + action.wire() + "|" + expiresAt.toEpochMilli()).getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(hmac(secret, body));
    }

    public static Verdict verify(String token, List<String> secrets, Instant now) {
        if (token == null || token.length() > 512) {
            return new Invalid();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return new Invalid();
        }
        byte[] body;
        byte[] signature;
        try {
            body = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return new Invalid();
        }
        // Only the canonical encoding is accepted, so that every character of a link matters.
        if (!ENCODER.encodeToString(body).equals(token.substring(0, dot))
                || !ENCODER.encodeToString(signature).equals(token.substring(dot + 1))) {
            return new Invalid();
        }
        boolean signed = false;
        for (String secret : secrets) {
            // Check every secret, so the time taken does not tell which one matched.
            signed |= MessageDigest.isEqual(hmac(secret, body), signature);
        }
        if (!signed) {
            return new Invalid();
        }
        String[] parts = new String(body, StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 3) {
            return new Invalid();
        }
        try {
            UUID incidentId = UUID.fromString(parts[0]);
            Action action = Action.fromWire(parts[1]);
            Instant expiresAt = Instant.ofEpochMilli(Long.parseLong(parts[2]));
            return now.isAfter(expiresAt) ? new Expired(incidentId, action) : new Valid(incidentId, action, expiresAt);
        } catch (IllegalArgumentException e) {
            return new Invalid();
        }
    }

    private static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA-256 is unavailable", e);
        }
    }
}
