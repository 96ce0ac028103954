package io.tocsin.notifier.deliveries;

import java.time.Instant;

/**
 * What to record of one attempt: the delivery's new status ({@code PENDING} when it will be retried
 * at {@code nextAttemptAt}), the receiver's status code and the reason it was not delivered.
 */
public record Outcome(Delivery delivery, DeliveryStatus status, Integer statusCode, String error, Instant nextAttemptAt) {

    static Outcome delivered(Delivery delivery, Integer statusCode) {
        return new Outcome(delivery, DeliveryStatus.DELIVERED, statusCode, null, null);
    }

    static Outcome retry(Delivery delivery, Integer statusCode, String error, Instant next) {
        return new Outcome(delivery, DeliveryStatus.PENDING, statusCode, error, next);
    }

    static Outcome failed(Delivery delivery, Integer statusCode, String error) {
        return new Outcome(delivery, DeliveryStatus.FAILED, statusCode, error, null);
    }

    /** The outcome as the {@code tocsin_notifier_deliveries_total} meter names it. */
    String meter() {
        return switch (status) {
            case DELIVERED -> "delivered";
            case PENDING -> "retried";
            case FAILED -> "failed";
        };
    }
}
