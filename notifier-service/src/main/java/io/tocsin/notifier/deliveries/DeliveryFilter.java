package io.tocsin.notifier.deliveries;

import java.util.UUID;

/** Filters of the delivery list; a destination without an id ({@code webhook}) matches every one of its kind. */
public record DeliveryFilter(DeliveryStatus status, UUID incidentId, String destination) {
}
