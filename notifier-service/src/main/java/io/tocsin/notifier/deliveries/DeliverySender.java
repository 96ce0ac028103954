package io.tocsin.notifier.deliveries;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.http.SendResult;

/** Sends the deliveries of one destination kind; never fails the Uni, but answers a {@link SendResult}. */
public interface DeliverySender {

    /** The destination kind sent: {@code pagerduty}, {@code incident_io}, {@code webhook}, {@code email}. */
    String kind();

    Uni<SendResult> send(Delivery delivery);
}
