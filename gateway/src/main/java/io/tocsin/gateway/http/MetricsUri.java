package io.tocsin.gateway.http;

import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.RoutingContext;

/**
 * The {@code uri} tag of the HTTP server metrics for a request: one value per route (e.g.
 * {@code /api/incidents/**}), never the raw path, so that proxied paths cannot grow the metrics without bound.
 */
public final class MetricsUri {

    /** Where Quarkus' Micrometer binder reads a request's path template (the request context's locals). */
    private static final String TEMPLATE = "UrlPathTemplate";

    private MetricsUri() {
    }

    public static void set(RoutingContext rc, String template) {
        ((HttpServerRequestInternal) rc.request()).context().putLocal(TEMPLATE, template);
    }
}
