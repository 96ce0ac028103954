package io.tocsin.notifier.pagerduty;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PagerDuty V3 webhook signatures: {@code X-PagerDuty-Signature: v1=<hex HMAC-SHA256(secret, raw body)>},
 * possibly several comma-separated (PagerDuty signs with each of its current secrets). A body
 * verifies when any signature matches any of our secrets; digests are compared in constant time.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    /** The secret (of {@code secrets}) that verifies {@code body} under {@code header}, or null. */
    public static String verifyingSecret(byte[] body, String header, List<String> secrets) {
        List<byte[]> signatures = parse(header);
        if (signatures.isEmpty()) {
            return null;
        }
        for (String secret : secrets) {
            byte[] expected = hmac(secret, body);
            boolean match = false;
            for (byte[] signature : signatures) {
                match |= MessageDigest.isEqual(expected, signature);
            }
            if (match) {
                return secret;
            }
        }
        return null;
    }

    /** The {@code v1} signatures of the header, decoded; malformed entries are ignored. */
    static List<byte[]> parse(String header) {
        List<byte[]> signatures = new ArrayList<>();
        if (header == null) {
            return signatures;
        }
        for (String part : header.split(",")) {
            String entry = part.strip();
            if (entry.startsWith("v1=")) {
                try {
                    signatures.add(HexFormat.of().parseHex(entry.substring(3).toLowerCase()));
                } catch (IllegalArgumentException notHex) {
                    // ignored: cannot match
                }
            }
        }
        return signatures;
    }

    public static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The header PagerDuty would send for {@code body} signed with {@code secret}. */
    public static String sign(String secret, byte[] body) {
        return "v1=" + HexFormat.of().formatHex(hmac(secret, body));
    }
}
