package io.tocsin.autodraft.audit;

import io.tocsin.platform.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** An opaque keyset position in an audit log (the last row's position). */
public final class AuditCursor {

    private AuditCursor() {
    }

    public static String encode(long position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("a:" + position).getBytes(StandardCharsets.UTF_8));
    }

    public static long decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith("a:")) {
                throw new IllegalArgumentException(raw);
            }
            return Long.parseLong(raw.substring(2));
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a cursor returned by this API");
        }
    }
}
