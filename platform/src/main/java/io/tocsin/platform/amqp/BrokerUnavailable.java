package io.tocsin.platform.amqp;

/** The broker did not take a message in time; the sender keeps it and tries again later. */
public class BrokerUnavailable extends RuntimeException {

    public BrokerUnavailable(String message) {
        super(message);
    }
}
