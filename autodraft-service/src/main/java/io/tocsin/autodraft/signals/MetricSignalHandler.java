package io.tocsin.autodraft.signals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.tocsin.contracts.signals.MetricSignal;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.inbox.IdempotentHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Applies the signals read by {@link MetricSignalReader} like any other batch of signals ({@link SignalService#receiveAll}),
 * which records their ids itself: a batch that changes nothing costs a read and an insert, without a transaction.
 */
@ApplicationScoped
public class MetricSignalHandler implements IdempotentHandler {

    private final SignalService signals;
    private final ObjectMapper json;

    public MetricSignalHandler(SignalService signals, ObjectMapper json) {
        this.signals = signals;
        this.json = json;
    }

    @Override
    public String type() {
        return MetricSignalReader.TYPE;
    }

    @Override
    public Uni<Void> handleAll(List<CloudEventMessage> messages) {
        return signals.receiveAll(messages.stream().map(this::signal).toList()).replaceWithVoid();
    }

    private Signal signal(CloudEventMessage message) {
        return Signal.of(message.data(json, MetricSignal.class), SignalSource.AMQP);
    }
}
