package io.tocsin.gateway.http;

import io.tocsin.platform.problem.FieldError;
import io.tocsin.platform.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Problem documents written straight on the Vert.x response, for answers given outside JAX-RS (the proxy
 * route): the same shape as platform's {@link io.tocsin.platform.problem.ProblemMappers}.
 */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    /** The encoded problem document. */
    public static Buffer body(int status, String slug, String title, String detail, String instance, List<FieldError> errors) {
        return Buffer.buffer(Json.encode(new Problem(Problem.type(slug), title, status, detail, instance, errors)));
    }

    public static void send(RoutingContext rc, int status, String slug, String title, String detail) {
        send(rc, status, slug, title, detail, null);
    }

    public static void send(RoutingContext rc, int status, String slug, String title, String detail, List<FieldError> errors) {
        HttpServerResponse response = rc.response();
        if (response.ended() || response.headWritten()) {
            return;
        }
        // The request may still be paused with a body in flight: let it drain so the connection stays usable.
        rc.request().resume();
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body(status, slug, title, detail, rc.request().path(), errors));
    }

    public static void unauthenticated(RoutingContext rc) {
        rc.response().putHeader("WWW-Authenticate", "Bearer");
        send(rc, 401, "unauthenticated", "Unauthenticated", "a valid bearer token is required");
    }

    public static void notFound(RoutingContext rc) {
        send(rc, 404, "not-found", "Not found", "no route for " + rc.request().path());
    }
}
