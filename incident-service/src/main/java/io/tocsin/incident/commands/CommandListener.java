package io.tocsin.incident.commands;

import io.quarkus.runtime.StartupEvent;
import io.tocsin.contracts.Addresses;
import io.tocsin.platform.inbox.InboxConsumer;
import io.tocsin.platform.inbox.MessageHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * Consumes {@code tocsin.incident.commands}: every {@link MessageHandler} bean handles its
 * command type, idempotently (inbox) and transactionally. Commands without a handler are
 * dead-lettered.
 */
@ApplicationScoped
public class CommandListener {

    public static final String CONSUMER = "incident-service";

    private final InboxConsumer consumer;
    private final Instance<MessageHandler> handlers;

    public CommandListener(InboxConsumer consumer, Instance<MessageHandler> handlers) {
        this.consumer = consumer;
        this.handlers = handlers;
    }

    void start(@Observes StartupEvent event) {
        consumer.consume(Addresses.INCIDENT_COMMANDS, CONSUMER, handlers.stream().toList());
    }
}
