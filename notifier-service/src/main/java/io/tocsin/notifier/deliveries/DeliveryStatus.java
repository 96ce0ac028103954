package io.tocsin.notifier.deliveries;

import java.util.Locale;

/** Where a delivery stands: {@code pending} (due now or later, or being sent), {@code delivered}, {@code failed}. */
public enum DeliveryStatus {
    PENDING, DELIVERED, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
