package io.tocsin.autodraft.catalogue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Slugs name metrics and services (the same rule as incident-service's services), and turn the
 * names external tools use (Alertmanager's {@code alertname}, PagerDuty's {@code dedup_key}) into one.
 */
public final class Slugs {

    public static final String PATTERN = "[a-z0-9][a-z0-9-]{0,62}";
    public static final String MESSAGE = "must be a slug: lower-case letters, digits and '-', at most 63 characters";
    private static final int MAX = 63;
    private static final Pattern SLUG = Pattern.compile(PATTERN);
    private static final Pattern LOWER_THEN_UPPER = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern CAPITALS_THEN_WORD = Pattern.compile("([A-Z]+)([A-Z][a-z])");
    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");
    private static final Pattern EDGE_DASHES = Pattern.compile("^-+|-+$");
    private static final Pattern TRAILING_DASHES = Pattern.compile("-+$");
    /** Alert names repeat with every notification: each is turned into a slug once (bounded; emptied when full). */
    private static final int MAX_REMEMBERED = 10_000;
    private static final Map<String, String> FROM_EXTERNAL = new ConcurrentHashMap<>();

    private Slugs() {
    }

    public static boolean isSlug(String value) {
        return value != null && SLUG.matcher(value).matches();
    }

    /**
     * {@code HighErrorRate} → {@code high-error-rate}, {@code srv01/HTTP} → {@code srv01-http}. Names
     * longer than a slug keep their start and get a hash of the whole name, so they stay distinct;
     * a name with no letter or digit becomes {@code metric-<hash>}.
     */
    public static String fromExternal(String name) {
        String known = FROM_EXTERNAL.get(name);
        if (known != null) {
            return known;
        }
        String slug = toSlug(name);
        if (FROM_EXTERNAL.size() >= MAX_REMEMBERED) {
            FROM_EXTERNAL.clear();
        }
        FROM_EXTERNAL.put(name, slug);
        return slug;
    }

    private static String toSlug(String name) {
        if (isSlug(name)) {
            return name;
        }
        String words = CAPITALS_THEN_WORD.matcher(LOWER_THEN_UPPER.matcher(name).replaceAll("$1-$2")).replaceAll("$1-$2");
        String slug = EDGE_DASHES.matcher(NOT_SLUG.matcher(words.toLowerCase(Locale.ROOT)).replaceAll("-")).replaceAll("");
        if (slug.isEmpty()) {
            return "metric-" + hash(name);
        }
        if (slug.length() > MAX) {
            String head = TRAILING_DASHES.matcher(slug.substring(0, MAX - 9)).replaceAll("");
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
