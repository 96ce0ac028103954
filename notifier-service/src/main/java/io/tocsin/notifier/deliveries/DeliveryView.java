package io.tocsin.notifier.deliveries;

import java.time.Instant;
import java.util.UUID;

/** A delivery as the API shows it; what was sent is not shown (it may carry signed links). */
public record DeliveryView(UUID id, String eventId, String eventType, UUID incidentId, String destination, String action,
        String status, int attempts, Instant nextAttemptAt, Integer lastStatusCode, String lastError, Instant createdAt,
        Instant updatedAt, Instant deliveredAt) {

    static DeliveryView of(Delivery d) {
        return new DeliveryView(d.id(), d.eventId(), d.eventType(), d.incidentId(), d.destination(), d.action(),
                d.status().wire(), d.attempts(), d.status() == DeliveryStatus.PENDING ? d.nextAttemptAt() : null,
                d.lastStatusCode(), d.lastError(), d.createdAt(), d.updatedAt(), d.deliveredAt());
    }
}
