package io.tocsin.autodraft.signals;

import io.quarkus.runtime.StartupEvent;
import io.tocsin.contracts.Addresses;
import io.tocsin.platform.inbox.InboxConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/** Consumes {@code tocsin.metric.signals}, idempotently by signal id per organisation. */
@ApplicationScoped
public class MetricSignalListener {

    private final InboxConsumer consumer;
    private final MetricSignalReader reader;
    private final MetricSignalHandler handler;

    public MetricSignalListener(InboxConsumer consumer, MetricSignalReader reader, MetricSignalHandler handler) {
        this.consumer = consumer;
        this.reader = reader;
        this.handler = handler;
    }

    void start(@Observes StartupEvent event) {
        consumer.consume(Addresses.METRIC_SIGNALS, SignalInbox.CONSUMER, reader, List.of(handler), false);
    }
}
