package io.tocsin.platform.amqp;

/** A message that can never be processed (bad envelope or schema): it goes to the dead-letter address. */
public class UnreadableMessage extends RuntimeException {

    public UnreadableMessage(String message) {
        super(message, null, false, false);
    }
}
