package io.tocsin.notifier.deliveries;

import io.vertx.core.json.JsonObject;

/** A delivery to store for the event being consumed: where, what kind of send, what to send, and a sealed credential. */
public record NewDelivery(String destination, String action, JsonObject payload, byte[] credential) {

    public NewDelivery(String destination, String action, JsonObject payload) {
        this(destination, action, payload, null);
    }
}
