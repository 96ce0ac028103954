package io.tocsin.notifier.events;

import java.util.List;

/** Tocsin severities, most severe first: {@code SEV1} (Critical) … {@code SEV4} (Low). */
public final class Severity {

    public static final List<String> ALL = List.of("SEV1", "SEV2", "SEV3", "SEV4");

    private Severity() {
    }

    public static boolean isValid(String severity) {
        return severity != null && ALL.contains(severity);
    }

    /** True when {@code severity} is {@code minimum} or more severe; unknown severities are never. */
    public static boolean atLeast(String severity, String minimum) {
        return isValid(severity) && isValid(minimum) && ALL.indexOf(severity) <= ALL.indexOf(minimum);
    }

    /** An incident others hear about: anything but a draft or a dismissed draft. */
    public static boolean isPublished(String status) {
        return status != null && !"draft".equals(status) && !"dismissed".equals(status);
    }
}
