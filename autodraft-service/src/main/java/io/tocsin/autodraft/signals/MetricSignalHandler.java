package io.tocsin.autodraft.signals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.tocsin.contracts.signals.MetricSignal;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.inbox.MessageHandler;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Applies a signal read by {@link MetricSignalReader}, in the transaction that recorded its id. */
@ApplicationScoped
public class MetricSignalHandler implements MessageHandler {

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
    public Uni<Void> handle(SqlConnection tx, CloudEventMessage message) {
        return signals.applyRecorded(tx, signal(message)).replaceWithVoid();
    }

    /** A batch's signals in delivery order: their metrics read once, only possible transitions locked. */
    @Override
    public Uni<Void> handleAll(SqlConnection tx, List<CloudEventMessage> messages) {
        return signals.applyRecorded(tx, messages.stream().map(this::signal).toList()).replaceWithVoid();
    }

    private Signal signal(CloudEventMessage message) {
        return Signal.of(message.data(json, MetricSignal.class), SignalSource.AMQP);
    }
}
