package io.tocsin.autodraft.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tocsin.contracts.signals.MetricSignal;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.amqp.AmqpMessage;
import org.junit.jupiter.api.Test;

/** A signal read off the broker is parsed once: the handler gets the reader's object, and the JSON says the same. */
class MetricSignalReaderTest {

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final MetricSignalReader reader = new MetricSignalReader(json);

    @Test
    void theReadSignalTravelsWithTheMessageAndMatchesItsJson() throws Exception {
        String body = new JsonObject().put("id", "sig-1").put("org", "acme").put("metric", "checkout-errors")
                .put("status", "unhealthy").put("value", 0.12).put("threshold", 0.05)
                .put("observedAt", "2026-11-22T10:00:00Z").put("service", "checkout-api").encode();

        CloudEventMessage message = reader.apply(AmqpMessage.create().withBody(body).build());

        assertThat(message.id()).isEqualTo("acme/sig-1");
        assertThat(message.decoded()).isInstanceOf(MetricSignal.class);
        MetricSignal signal = message.data(json, MetricSignal.class);
        assertThat(signal).isSameAs(message.decoded());
        assertThat(signal.metric()).isEqualTo("checkout-errors");
        assertThat(json.readValue(message.dataJson(), MetricSignal.class)).isEqualTo(signal);
        CloudEventMessage received = new CloudEventMessage(message.id(), message.type(), message.source(), message.subject(),
                message.org(), message.time(), message.dataJson());
        assertThat(received.data(json, MetricSignal.class)).isEqualTo(signal);
    }
}
