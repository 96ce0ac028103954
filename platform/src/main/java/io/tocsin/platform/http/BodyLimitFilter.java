package io.tocsin.platform.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers 413 with a problem document for a declared body over the limit, before any of it is
 * read. (Chunked bodies over {@code quarkus.http.limits.max-body-size} are cut off by Quarkus.)
 */
@ApplicationScoped
public class BodyLimitFilter {

    private final long maxBytes;

    public BodyLimitFilter(@ConfigProperty(name = "tocsin.http.max-body-bytes", defaultValue = "1048576") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length)) {
                JsonObject problem = new JsonObject()
                        .put("type", "/problems/payload-too-large")
                        .put("title", "Payload too large")
                        .put("status", 413)
                        .put("detail", "request bodies are limited to " + maxBytes + " bytes")
                        .put("instance", rc.request().path());
                rc.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(problem.encode());
                return;
            }
            rc.next();
        }, 100);
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
