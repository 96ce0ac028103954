package io.tocsin.autodraft.drafts;

import java.util.Locale;

/** Where a draft stands: {@code expiring} once autodraft asked for its expiry and before incident-service confirmed. */
public enum DraftStatus {
    OPEN, EXPIRING, PUBLISHED, DISMISSED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
