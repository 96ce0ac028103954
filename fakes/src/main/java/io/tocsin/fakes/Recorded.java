package io.tocsin.fakes;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * One request a fake received, as it arrived: method, path with query, headers (names in lower case, repeated
 * values joined with {@code ", "}) and the raw body.
 */
public record Recorded(long seq, String fake, Instant receivedAt, String method, String path, Map<String, String> headers,
        String body) {

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** The body as a JSON object, or an empty object when it is not one. */
    public JsonObject json() {
        try {
            return new JsonObject(body);
        } catch (RuntimeException notJson) {
            return new JsonObject();
        }
    }

    public JsonObject toJson() {
        return new JsonObject().put("seq", seq).put("fake", fake).put("receivedAt", receivedAt.toString())
                .put("method", method).put("path", path).put("headers", new JsonObject(Map.copyOf(headers)).copy())
                .put("body", body);
    }
}
