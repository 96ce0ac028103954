package io.tocsin.platform.amqp;

/** The broker answered, but did not accept the message (address full, not allowed, too large). */
public class BrokerRefused extends RuntimeException {

    public BrokerRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
