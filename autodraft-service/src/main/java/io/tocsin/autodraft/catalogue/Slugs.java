package io.tocsin.autodraft.catalogue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Slugs name metrics and services (the same rule as incident-service's services), and turn the
 * names external tools use (Alertmanager's {@code alertname}, PagerDuty's {@code dedup_key}) into one.
 */
public final class Slugs {

    public static final String PATTERN = "[a-z0-9][a-z0-9-]{0,62}";
    public static final String MESSAGE = "must be a slug: lower-case letters, digits and '-', at most 63 characters";
    private static final int MAX = 63;

    private Slugs() {
    }

    public static boolean isSlug(String value) {
        return value != null && value.matches(PATTERN);
    }

    /**
     * {@code HighErrorRate} → {@code high-error-rate}, {@code srv01/HTTP} → {@code srv01-http}. Names
     * longer than a slug keep their start and get a hash of the whole name, so they stay distinct;
     * a name with no letter or digit becomes {@code metric-<hash>}.
     */
    public static String fromExternal(String name) {
        if (isSlug(name)) {
            return name;
        }
        String words = name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1-$2");
        String slug = words.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.isEmpty()) {
            return "metric-" + hash(name);
        }
        if (slug.length() > MAX) {
            String head = slug.substring(0, MAX - 9).replaceAll("-+$", "");
            return head + "-" + hash(name);
        }
        return slug;
    }

    private static String hash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
