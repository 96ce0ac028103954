package io.tocsin.autodraft.catalogue;

import io.tocsin.platform.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** An opaque keyset position in the metric list (the last slug shown). */
public final class MetricCursor {

    private MetricCursor() {
    }

    public static String encode(String slug) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("m:" + slug).getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith("m:") || !Slugs.isSlug(raw.substring(2))) {
                throw new IllegalArgumentException(raw);
            }
            return raw.substring(2);
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a cursor returned by this API");
        }
    }
}
