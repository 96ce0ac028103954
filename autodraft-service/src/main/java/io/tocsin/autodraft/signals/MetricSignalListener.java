package io.tocsin.autodraft.signals;

import io.quarkus.runtime.StartupEvent;
import io.tocsin.autodraft.AutodraftSettings;
import io.tocsin.contracts.Addresses;
import io.tocsin.platform.inbox.InboxConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Consumes {@code tocsin.metric.signals}, idempotently by signal id per organisation, in the order the broker delivers
 * them, in batches of up to {@code tocsin.autodraft.signal-batch-size}.
 */
@ApplicationScoped
public class MetricSignalListener {

    private final InboxConsumer consumer;
    private final MetricSignalReader reader;
    private final MetricSignalHandler handler;
    private final AutodraftSettings settings;

    public MetricSignalListener(InboxConsumer consumer, MetricSignalReader reader, MetricSignalHandler handler,
            AutodraftSettings settings) {
        this.consumer = consumer;
        this.reader = reader;
        this.handler = handler;
        this.settings = settings;
    }

    void start(@Observes StartupEvent event) {
        consumer.consume(Addresses.METRIC_SIGNALS, SignalInbox.CONSUMER, reader, List.of(handler), false,
                settings.signalBatchSize());
    }
}
