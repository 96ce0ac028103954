package io.tocsin.platform.amqp;

import io.tocsin.contracts.CloudEvents;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.amqp.AmqpMessage;
import io.vertx.mutiny.core.buffer.Buffer;
import java.time.Instant;

/**
 * A CloudEvent 1.0 in AMQP binary mode: attributes as {@code cloudEvents_*} application
 * properties, JSON data as the body (a data section), durable.
 *
 * @param decoded the data as an object, when whoever built this message from a received one has
 *                already read it (never sent: the wire carries {@code dataJson}); else null
 */
public record CloudEventMessage(String id, String type, String source, String subject, String org, Instant time,
        String dataJson, Object decoded) {

    public CloudEventMessage(String id, String type, String source, String subject, String org, Instant time,
            String dataJson) {
        this(id, type, source, subject, org, time, dataJson, null);
    }

    /** The AMQP message to send to {@code address}. */
    public AmqpMessage toAmqp(String address) {
        return toAmqp(address, java.util.Map.of());
    }

    /** The same, with extra application properties (e.g. where a dead-lettered message was meant to go). */
    public AmqpMessage toAmqp(String address, java.util.Map<String, String> extraProperties) {
        JsonObject properties = new JsonObject()
                .put(CloudEvents.SPECVERSION, CloudEvents.SPEC_VERSION)
                .put(CloudEvents.ID, id)
                .put(CloudEvents.TYPE, type)
                .put(CloudEvents.SOURCE, source)
                .put(CloudEvents.TIME, time.toString());
        if (subject != null) {
            properties.put(CloudEvents.SUBJECT, subject);
        }
        if (org != null) {
            properties.put(CloudEvents.ORG, org);
        }
        extraProperties.forEach(properties::put);
        return AmqpMessage.create()
                .address(address)
                .id(id)
                .durable(true)
                .contentType(CloudEvents.DATA_CONTENT_TYPE)
                .applicationProperties(properties)
                .withBufferAsBody(Buffer.buffer(dataJson))
                .build();
    }

    /**
     * The data as a {@code type} record, read tolerantly: a newer producer may add fields (the
     * HTTP API stays strict). Data that does not fit the contract can never be processed, so it is
     * an {@link UnreadableMessage} (dead-lettered). Data already {@link #decoded} as a
     * {@code type} is not read again.
     */
    public <T> T data(com.fasterxml.jackson.databind.ObjectMapper json, Class<T> type) {
        if (type.isInstance(decoded)) {
            return type.cast(decoded);
        }
        try {
            return json.readerFor(type).without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(dataJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UnreadableMessage(type.getSimpleName() + " data does not match its contract: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new UnreadableMessage(type.getSimpleName() + " data could not be read");
        }
    }

    /**
     * Reads a received message; fails with {@link UnreadableMessage} when it is not a CloudEvent
     * with JSON data (such a message can never be processed).
     */
    public static CloudEventMessage fromAmqp(AmqpMessage message) {
        JsonObject properties = message.applicationProperties();
        if (properties == null) {
            throw new UnreadableMessage("no application properties");
        }
        String id = properties.getString(CloudEvents.ID);
        String type = properties.getString(CloudEvents.TYPE);
        String source = properties.getString(CloudEvents.SOURCE);
        if (id == null || id.isBlank() || type == null || type.isBlank() || source == null) {
            throw new UnreadableMessage("missing CloudEvent id, type or source");
        }
        String time = properties.getString(CloudEvents.TIME);
        Instant at;
        try {
            at = time == null ? null : Instant.parse(time);
        } catch (RuntimeException e) {
            throw new UnreadableMessage("CloudEvent time is not an ISO-8601 timestamp");
        }
        String body;
        try {
            body = message.bodyAsBinary().toString();
        } catch (RuntimeException e) {
            try {
                body = message.bodyAsString();
            } catch (RuntimeException notText) {
                throw new UnreadableMessage("body is neither a data section nor a string");
            }
        }
        if (body == null || body.isBlank()) {
            throw new UnreadableMessage("empty body");
        }
        return new CloudEventMessage(id, type, source, properties.getString(CloudEvents.SUBJECT),
                properties.getString(CloudEvents.ORG), at, body);
    }
}
