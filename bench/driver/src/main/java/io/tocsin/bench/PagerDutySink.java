package io.tocsin.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for the PagerDuty Events API v2 ({@code POST /v2/enqueue}): answers 202 like
 * PagerDuty and checks, per dedup key, that a trigger comes before its resolve and that nothing
 * comes twice. Keys not starting with {@code tocsin-} (the wrk reference) are only counted.
 */
final class PagerDutySink implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> lastAction = new HashMap<>();
    final AtomicLong deliveries = new AtomicLong();
    final AtomicLong foreign = new AtomicLong();
    final AtomicLong orderViolations = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong firstAt = new AtomicLong();
    final AtomicLong lastAt = new AtomicLong();

    PagerDutySink(Vertx vertx, int port) {
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
                .requestHandler(request -> request.body().onSuccess(body -> {
                    String key = "";
                    String action = "";
                    try {
                        JsonObject event = body.toJsonObject();
                        key = String.valueOf(event.getString("dedup_key"));
                        action = String.valueOf(event.getString("event_action"));
                    } catch (RuntimeException notJson) {
                        request.response().setStatusCode(400).end("{\"status\":\"invalid event\"}");
                        return;
                    }
                    record(key, action);
                    request.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                            .end("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + key + "\"}");
                }));
        if (Http.await(server.listen(), Duration.ofSeconds(10)) == null) {
            throw new IllegalStateException("the sink could not listen on " + port);
        }
    }

    /** Forgets everything received so far (between a warm-up round and the next). */
    synchronized void reset() {
        lastAction.clear();
        for (AtomicLong counter : new AtomicLong[] {deliveries, foreign, orderViolations, duplicates, firstAt, lastAt}) {
            counter.set(0);
        }
    }

    private synchronized void record(String key, String action) {
        if (!key.startsWith("tocsin-")) {
            foreign.incrementAndGet();
            return;
        }
        long now = System.nanoTime();
        firstAt.compareAndSet(0, now);
        lastAt.set(now);
        deliveries.incrementAndGet();
        String before = lastAction.put(key, action);
        if (action.equals("trigger") && before != null) {
            if (before.equals("trigger")) {
                duplicates.incrementAndGet();
            } else {
                orderViolations.incrementAndGet();
            }
        } else if (action.equals("resolve") && !"trigger".equals(before)) {
            if ("resolve".equals(before)) {
                duplicates.incrementAndGet();
            } else {
                orderViolations.incrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        Http.await(server.close(), Duration.ofSeconds(10));
    }
}
