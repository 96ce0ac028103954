package io.tocsin.gateway.routing;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.tocsin.gateway.http.MetricsUri;
import io.tocsin.gateway.http.ProblemResponses;
import io.tocsin.gateway.http.RequestLog;
import io.tocsin.gateway.identity.Caller;
import io.tocsin.gateway.identity.CallerIdentities;
import io.tocsin.gateway.internaltoken.InternalTokenMinter;
import io.tocsin.gateway.ratelimit.RateLimiter;
import io.tocsin.gateway.ratelimit.TokenBuckets;
import io.tocsin.gateway.routing.RouteTable.Destination;
import io.tocsin.platform.problem.FieldError;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Every request under {@code /api}: public routes are rate-limited by client address and forwarded with
 * no credentials; everything else is authenticated (API key or OIDC token), rate-limited per principal,
 * then forwarded with a freshly minted internal JWT in place of whatever {@code Authorization} came in,
 * handed to the gateway's own endpoints, or answered 404.
 *
 * <p>Runs after Quarkus' authentication filter (which only prepares the lazy identity: proactive
 * authentication is off so that public routes ignore credentials) and before Quarkus REST.
 */
@ApplicationScoped
public class GatewayRoute {

    private static final Logger LOG = Logger.getLogger(GatewayRoute.class);
    private static final BiConsumer<RoutingContext, Throwable> GATEWAY_ANSWERS_FAILURES = (rc, failure) -> { };

    private final RouteTable routes;
    private final UpstreamProxies proxies;
    private final RateLimiter limiter;
    private final InternalTokenMinter minter;

    public GatewayRoute(RouteTable routes, UpstreamProxies proxies, RateLimiter limiter, InternalTokenMinter minter) {
        this.routes = routes;
        this.proxies = proxies;
        this.limiter = limiter;
        this.minter = minter;
    }

    void register(@Observes Router router) {
        router.route("/api/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        String path = rc.request().path();
        // What is classified must be what is forwarded: "/api/incidents/auto-action/../../teams" is refused
        // rather than judged public by one reading and routed to /api/teams by another.
        if (path == null || !path.equals(rc.normalizedPath())) {
            MetricsUri.set(rc, "/api/**");
            ProblemResponses.send(rc, 400, "validation", "Invalid request",
                    "path: must be canonical (no '.' or '..' segments, no '//', no needless percent-encoding)",
                    List.of(new FieldError("path", "must be canonical")));
            return;
        }
        Destination destination = routes.resolve(rc.request().method().name(), path);
        MetricsUri.set(rc, switch (destination.kind()) {
            case PUBLIC -> path;
            case UPSTREAM -> destination.prefix() + "/**";
            case GATEWAY -> path.startsWith(RouteTable.API_KEYS) ? RouteTable.API_KEYS + "/**" : path;
            case UNKNOWN -> "/api/**";
        });
        if (destination.kind() == RouteTable.Kind.PUBLIC) {
            if (admitted(rc, RateLimiter.Scope.ADDRESS, clientAddress(rc))) {
                forward(rc, destination, null);
            }
            return;
        }
        if (!mayAuthenticate(rc)) {
            return;
        }
        // Keep the body where it is until the caller is known; the proxy or Quarkus REST resumes it.
        rc.request().pause();
        Context context = ((HttpServerRequestInternal) rc.request()).context();
        caller(rc)
                .emitOn(command -> context.runOnContext(ignored -> command.run()))
                .subscribe().with(caller -> authenticated(rc, destination, caller), failure -> refused(rc, failure));
    }

    /** The authenticated caller, or null for an anonymous request. */
    private static Uni<Caller> caller(RoutingContext rc) {
        // Without this, Quarkus would answer a failed authentication itself, with an empty body.
        rc.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, GATEWAY_ANSWERS_FAILURES);
        Uni<SecurityIdentity> identity = rc.get(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        return identity == null ? Uni.createFrom().nullItem() : identity.map(CallerIdentities::callerOf);
    }

    private void authenticated(RoutingContext rc, Destination destination, Caller caller) {
        if (caller == null) {
            limiter.authenticationFailed(clientAddress(rc));
            ProblemResponses.unauthenticated(rc);
            return;
        }
        rc.put(RequestLog.PRINCIPAL, caller.describe());
        if (!admitted(rc, RateLimiter.Scope.PRINCIPAL, caller.rateLimitKey())) {
            return;
        }
        switch (destination.kind()) {
            case GATEWAY -> serveHere(rc);
            case UNKNOWN -> ProblemResponses.notFound(rc);
            default -> forward(rc, destination, caller);
        }
    }

    /**
     * The gateway's own endpoints take small JSON documents with a declared length: Quarkus REST can only cut off
     * an over-long chunked body with a bare 413, so such bodies are refused up front with a problem document.
     */
    private static void serveHere(RoutingContext rc) {
        boolean undeclaredBody = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null
                && rc.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (undeclaredBody) {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            ProblemResponses.send(rc, 411, "length-required", "Length required",
                    "send the request body with a Content-Length header");
            return;
        }
        rc.next();
    }

    private void refused(RoutingContext rc, Throwable failure) {
        if (isAuthenticationFailure(failure)) {
            LOG.debugf("authentication failed on %s: %s", rc.request().path(), failure.getMessage());
            limiter.authenticationFailed(clientAddress(rc));
            ProblemResponses.unauthenticated(rc);
            return;
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(failure, "unexpected failure %s while authenticating %s", errorId, rc.request().path());
        ProblemResponses.send(rc, 500, "internal", "Internal error", "unexpected failure; quote error id " + errorId);
    }

    private boolean admitted(RoutingContext rc, RateLimiter.Scope scope, String key) {
        return admitted(rc, limiter.take(scope, key));
    }

    /** An address whose failed authentications are used up is refused before its credentials are checked. */
    private boolean mayAuthenticate(RoutingContext rc) {
        return admitted(rc, limiter.mayAuthenticate(clientAddress(rc)));
    }

    private static boolean admitted(RoutingContext rc, TokenBuckets.Decision decision) {
        if (decision.allowed()) {
            return true;
        }
        rc.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
        ProblemResponses.send(rc, 429, "rate-limited", "Too many requests",
                "rate limit exceeded; retry in " + decision.retryAfterSeconds() + "s");
        return false;
    }

    /** Replaces the caller's credentials with an internal JWT (none on public routes), then proxies. */
    private void forward(RoutingContext rc, Destination destination, Caller caller) {
        MultiMap headers = rc.request().headers();
        headers.remove(HttpHeaders.AUTHORIZATION);
        if (caller != null) {
            headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + minter.mint(caller));
        }
        proxies.forward(destination.upstream(), rc.request());
    }

    private static String clientAddress(RoutingContext rc) {
        SocketAddress address = rc.request().remoteAddress();
        return address == null ? "unknown" : address.hostAddress();
    }

    private static boolean isAuthenticationFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationFailedException) {
                return true;
            }
        }
        return false;
    }
}
