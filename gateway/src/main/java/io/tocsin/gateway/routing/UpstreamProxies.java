package io.tocsin.gateway.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.tocsin.gateway.GatewaySettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * One vertx-http-proxy {@link HttpProxy} per upstream over a shared pooled client. Bodies stream both
 * ways; nothing is buffered.
 */
@ApplicationScoped
public class UpstreamProxies {

    private static final Logger LOG = Logger.getLogger(UpstreamProxies.class);

    private final HttpClient client;
    private final Map<Upstream, HttpProxy> proxies = new LinkedHashMap<>();

    public UpstreamProxies(Vertx vertx, GatewaySettings settings, RouteTable routes, MeterRegistry registry,
                           @ConfigProperty(name = "tocsin.http.max-body-bytes", defaultValue = "1048576") long maxBodyBytes) {
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setKeepAlive(true)
                // No client span per forwarded request (it would only repeat the request's own span, at a cost on
                // every request, sampled or not): UpstreamExchange hands the request's trace context on itself.
                .setTracingPolicy(TracingPolicy.IGNORE);
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(settings.upstreamPoolSize()));
        long timeoutMillis = settings.upstreamTimeout().toMillis();
        for (Upstream upstream : routes.upstreams()) {
            HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), client)
                    .origin(context -> context.client().request(new RequestOptions()
                            .setHost(upstream.host())
                            .setPort(upstream.port())
                            .setSsl(upstream.ssl())
                            .setConnectTimeout(timeoutMillis)
                            .setIdleTimeout(timeoutMillis))
                            // Failures reach the proxy through the response; this only keeps Vert.x from logging them as unhandled.
                            .onSuccess(request -> request.exceptionHandler(failure -> LOG.debugf("%s: %s", upstream, failure))))
                    .addInterceptor(new UpstreamExchange(upstream, maxBodyBytes, settings.upstreamTimeout(), registry));
            proxies.put(upstream, proxy);
        }
    }

    /** Hands the (paused) request to the upstream's proxy, which answers it. */
    public void forward(Upstream upstream, HttpServerRequest request) {
        proxies.get(upstream).handle(request);
    }

    void stop(@Observes ShutdownEvent event) {
        client.close();
    }
}
