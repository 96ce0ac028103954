package io.tocsin.autodraft.signals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tocsin.autodraft.scheduling.DraftCommands;
import io.tocsin.contracts.CloudEvents;
import io.tocsin.contracts.signals.MetricSignal;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.amqp.UnreadableMessage;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.amqp.AmqpMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/**
 * Turns a message on {@code tocsin.metric.signals} into the CloudEvent the inbox consumer handles.
 * Accepted: the plain JSON signal of the README, or a CloudEvent whose data is that JSON (binary
 * mode, or structured mode with the signal under {@code data}); the CloudEvent's id and
 * organisation stand in for missing ones, and an organisation that contradicts the CloudEvent's is
 * refused. Anything else is unreadable (dead-lettered). The
 * message id is {@code <org>/<signal id>}, the key {@link SignalInbox} de-duplicates by.
 */
@ApplicationScoped
public class MetricSignalReader implements Function<AmqpMessage, CloudEventMessage> {

    /** The CloudEvent type the reader gives every signal (internal to this service). */
    public static final String TYPE = CloudEvents.TYPE_PREFIX + "signal.metric";

    private final ObjectMapper json;

    public MetricSignalReader(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public CloudEventMessage apply(AmqpMessage message) {
        JsonObject properties = message.applicationProperties();
        String fallbackId = properties == null ? null : properties.getString(CloudEvents.ID);
        String fallbackOrg = properties == null ? null : properties.getString(CloudEvents.ORG);
        JsonObject body = parse(text(message));
        if (body.containsKey("specversion") && body.getValue("data") instanceof JsonObject data) {
            fallbackId = body.getValue("id") instanceof String id ? id : fallbackId;
            fallbackOrg = body.getValue("tocsinorg") instanceof String org ? org : fallbackOrg;
            body = data;
        }
        MetricSignal signal;
        try {
            signal = MetricSignalFormat.parse(body, fallbackId, fallbackOrg);
        } catch (MetricSignalFormat.InvalidSignal e) {
            throw new UnreadableMessage("invalid metric signal: " + e.getMessage());
        }
        if (fallbackOrg != null && !fallbackOrg.equals(signal.org())) {
            throw new UnreadableMessage("the signal's org does not match its CloudEvent's");
        }
        return new CloudEventMessage(SignalInbox.messageId(signal.org(), signal.id()), TYPE,
                DraftCommands.source(signal.org(), signal.metric()), signal.metric(), signal.org(), signal.observedAt(),
                write(signal), signal);
    }

    private static String text(AmqpMessage message) {
        try {
            return message.bodyAsBinary().toString();
        } catch (RuntimeException notBinary) {
            try {
                String body = message.bodyAsString();
                if (body != null) {
                    return body;
                }
            } catch (RuntimeException notText) {
                // falls through
            }
        }
        throw new UnreadableMessage("body is neither a data section nor a string");
    }

    private static JsonObject parse(String text) {
        try {
            return new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new UnreadableMessage("body is not a JSON object");
        }
    }

    private String write(MetricSignal signal) {
        try {
            return json.writeValueAsString(signal);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
