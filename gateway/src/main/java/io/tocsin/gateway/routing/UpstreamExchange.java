package io.tocsin.gateway.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.gateway.http.ProblemResponses;
import io.tocsin.platform.problem.Problem;
import io.tocsin.platform.tracing.Traceparent;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * One upstream's side of the proxy: adds the {@code X-Forwarded-*} headers, limits bodies of unknown
 * length, and turns a failed exchange into a problem document — 503 when the service cannot be reached,
 * 504 when it does not answer in time, 413 when the body grew too large, 502 otherwise.
 */
final class UpstreamExchange implements ProxyInterceptor {

    private static final Logger LOG = Logger.getLogger(UpstreamExchange.class);

    private final Upstream upstream;
    private final long maxBodyBytes;
    private final Duration timeout;
    private final MeterRegistry registry;

    UpstreamExchange(Upstream upstream, long maxBodyBytes, Duration timeout, MeterRegistry registry) {
        this.upstream = upstream;
        this.maxBodyBytes = maxBodyBytes;
        this.timeout = timeout;
        this.registry = registry;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        ProxyRequest request = context.request();
        HttpServerRequest incoming = request.proxiedRequest();
        SocketAddress client = incoming.remoteAddress();
        request.headers().remove("Forwarded");
        request.headers().set("X-Forwarded-For", client == null ? "unknown" : client.hostAddress());
        request.headers().set("X-Forwarded-Proto", incoming.scheme() == null ? "http" : incoming.scheme());
        if (incoming.authority() != null) {
            request.headers().set("X-Forwarded-Host", incoming.authority().toString());
        }
        // The service's span is a child of this request's span here (the caller's trace, or one started here).
        String traceparent = Traceparent.current();
        if (traceparent != null) {
            request.headers().set(Traceparent.HEADER, traceparent);
        }
        BoundedBody bounded = null;
        Body body = request.getBody();
        if (body != null && body.length() < 0) {
            bounded = new BoundedBody(body.stream(), maxBodyBytes);
            request.setBody(Body.body(bounded, -1));
        }
        BoundedBody limited = bounded;
        return context.sendRequest()
                .map(response -> counted(response, (response.getStatusCode() / 100) + "xx"))
                .recover(failure -> Future.succeededFuture(failed(context, failure, limited)));
    }

    private ProxyResponse failed(ProxyContext context, Throwable failure, BoundedBody bounded) {
        HttpServerRequest incoming = context.request().proxiedRequest();
        String path = incoming.path();
        ProxyResponse response = context.request().release().response();
        if (bounded != null && bounded.exceeded()) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            return problem(response, 413, "payload-too-large", "Payload too large",
                    "request bodies are limited to " + maxBodyBytes + " bytes", path, "too-large");
        }
        if (causedBy(failure, TimeoutException.class)) {
            LOG.warnf("%s %s: %s did not answer within %s", incoming.method(), path, upstream, timeout);
            return problem(response, 504, "upstream-timeout", "Gateway timeout",
                    "the service did not answer within " + timeout.toSeconds() + "s", path, "timeout");
        }
        if (causedBy(failure, ConnectException.class) || causedBy(failure, UnknownHostException.class)
                || causedBy(failure, NoRouteToHostException.class)) {
            LOG.warnf("%s %s: %s is unavailable: %s", incoming.method(), path, upstream, failure.getMessage());
            return problem(response, 503, "upstream-unavailable", "Service unavailable",
                    "the service behind this route is unavailable; try again shortly", path, "unavailable");
        }
        LOG.warnf(failure, "%s %s: exchange with %s failed", incoming.method(), path, upstream);
        return problem(response, 502, "bad-gateway", "Bad gateway", "the service's answer could not be relayed", path, "error");
    }

    private ProxyResponse problem(ProxyResponse response, int status, String slug, String title, String detail,
                                  String path, String outcome) {
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .setBody(Body.body(ProblemResponses.body(status, slug, title, detail, path, null)));
        if (status == 503) {
            response.putHeader(HttpHeaders.RETRY_AFTER, "5");
        }
        return counted(response, outcome);
    }

    private ProxyResponse counted(ProxyResponse response, String outcome) {
        Counter.builder("tocsin.gateway.upstream.requests").description("Requests forwarded, by upstream and outcome")
                .tag("upstream", upstream.baseUrl()).tag("outcome", outcome).register(registry).increment();
        return response;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
