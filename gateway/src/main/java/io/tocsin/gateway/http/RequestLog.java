package io.tocsin.gateway.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Gives every request an {@code X-Request-Id} (the caller's when it is sane, else a new one), passes it to
 * the upstream and back to the caller, and writes one access-log line per request once it is answered:
 * method, path (never the query, which may hold a signed token), status, duration, principal, request id.
 */
@ApplicationScoped
public class RequestLog {

    public static final String HEADER = "X-Request-Id";
    /** Routing-context key of a short description of the authenticated caller, for the access log. */
    public static final String PRINCIPAL = "tocsin.principal";
    public static final String LOGGER = "io.tocsin.gateway.access";

    private static final Logger ACCESS = Logger.getLogger(LOGGER);
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** Runs before CORS, authentication and body limits, so that their answers carry an id and are logged too. */
    private static final int PRIORITY = 20_000;

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    private void handle(RoutingContext rc) {
        long start = System.nanoTime();
        String incoming = rc.request().getHeader(HEADER);
        String id = incoming != null && SANE_ID.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        rc.request().headers().set(HEADER, id);
        if (rc.request().path() != null && rc.request().path().startsWith("/api/")) {
            // Answers given before routing (CORS refusals, 413) must not add a metrics series per path.
            MetricsUri.set(rc, "/api/**");
        }
        rc.addHeadersEndHandler(v -> rc.response().headers().set(HEADER, id));
        rc.addEndHandler(result -> log(rc, id, start));
        rc.next();
    }

    private static void log(RoutingContext rc, String id, long start) {
        String path = rc.request().path();
        Logger.Level level = path.startsWith("/q/") ? Logger.Level.DEBUG : Logger.Level.INFO;
        if (!ACCESS.isEnabled(level)) {
            return;
        }
        String principal = rc.get(PRINCIPAL);
        long millis = (System.nanoTime() - start) / 1_000_000;
        ACCESS.logf(level, "%s %s %d %dms principal=%s request=%s", rc.request().method().name(), path,
                rc.response().getStatusCode(), millis, principal == null ? "-" : principal, id);
    }
}
