package io.tocsin.fakes;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What a fake answers: a status and a JSON (or plain text) body. */
record Reply(int status, String contentType, String body) {

    static Reply json(int status, JsonObject body) {
        return new Reply(status, "application/json", body.encode());
    }

    static Reply json(int status, JsonArray body) {
        return new Reply(status, "application/json", body.encode());
    }

    static Reply text(int status, String body) {
        return new Reply(status, "text/plain; charset=utf-8", body);
    }
}
