package io.tocsin.incident.lifecycle;

import io.tocsin.platform.problem.ProblemException;

/** Reads {@code If-Match: "3"} (also {@code W/"3"} or {@code 3}): the version a change was made against. */
public final class IfMatch {

    private IfMatch() {
    }

    /** Required so that concurrent edits cannot silently overwrite each other: 428 when missing. */
    public static long version(String ifMatch, String what) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(428, "precondition-required", "Precondition required",
                    "send If-Match with the " + what + "'s current ETag (its version) to change it");
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("If-Match", "must be the ETag of the " + what + ", e.g. \"3\"");
        }
    }
}
