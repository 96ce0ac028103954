package io.tocsin.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * HTTP load on loopback: a closed loop (N callers, each sending its next request when the last one
 * answered: the maximum throughput) and an open loop (requests started on a fixed schedule whatever
 * the answers: latency at a given rate, measured from the scheduled start so that a stall counts for
 * every request it delays).
 */
final class Http implements AutoCloseable {

    /** One request; {@code body} may be null. */
    record Call(HttpMethod method, String path, Map<String, String> headers, Buffer body) {
        static Call get(String path, String token) {
            return new Call(HttpMethod.GET, path, Map.of("Authorization", "Bearer " + token), null);
        }

        static Call postJson(String path, String token, String json) {
            return new Call(HttpMethod.POST, path, Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
                    Buffer.buffer(json));
        }
    }

    record Answer(int status, Buffer body, MultiMap headers) {
        JsonObject json() {
            return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
        }
    }

    /** What a load run did; {@code rate} counts successful (2xx) answers per second. */
    record Outcome(long ok, long failed, double seconds, Latencies latencies, Map<String, Long> statuses, SlowSeconds slow) {
        Outcome(long ok, long failed, double seconds, Latencies latencies, Map<String, Long> statuses) {
            this(ok, failed, seconds, latencies, statuses, null);
        }

        double rate() {
            return seconds <= 0 ? 0 : ok / seconds;
        }

        JsonObject toJson() {
            JsonObject json = new JsonObject().put("ok", ok).put("failed", failed).put("seconds", Result.round(seconds, 2))
                    .put("rate_per_s", Result.round(rate(), 1)).put("latency", latencies.toJson())
                    .put("statuses", new JsonObject(Map.copyOf(statuses)));
            if (slow != null) {
                json.put("slow_seconds", slow.toJson());
            }
            return json;
        }
    }

    /**
     * Where an open-loop run's slow requests were, by the second of their scheduled start: per second with any
     * request over {@link #SLOW_MILLIS}, how many were scheduled, how many were slow, and the slowest. Tells one stall
     * from a tail spread over the whole run, and when the stall was (to match it with the services' and PostgreSQL's
     * logs).
     */
    static final class SlowSeconds {
        static final long SLOW_MILLIS = 50;

        private final Instant startedAt = Instant.now();
        private final long[] scheduled;
        private final long[] slow;
        private final long[] maxMicros;

        SlowSeconds(Duration duration) {
            int seconds = (int) Math.max(1, (duration.toMillis() + 999) / 1000);
            scheduled = new long[seconds];
            slow = new long[seconds];
            maxMicros = new long[seconds];
        }

        synchronized void record(double secondsIntoRun, long latencyNanos) {
            int i = (int) Math.min(scheduled.length - 1, Math.max(0, (long) secondsIntoRun));
            long micros = latencyNanos / 1000;
            scheduled[i]++;
            if (micros > SLOW_MILLIS * 1000) {
                slow[i]++;
            }
            maxMicros[i] = Math.max(maxMicros[i], micros);
        }

        synchronized JsonObject toJson() {
            JsonArray seconds = new JsonArray();
            for (int i = 0; i < scheduled.length; i++) {
                if (slow[i] > 0) {
                    seconds.add(new JsonObject().put("second", i).put("requests", scheduled[i]).put("over_50ms", slow[i])
                            .put("max_ms", Result.round(maxMicros[i] / 1000.0, 1)));
                }
            }
            return new JsonObject().put("run_started_at", startedAt.toString()).put("seconds", seconds);
        }
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final int port;

    Http(Vertx vertx, int port, int poolSize) {
        this.vertx = vertx;
        this.port = port;
        this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
                .setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(5000), new PoolOptions().setHttp1MaxSize(poolSize));
    }

    Future<Answer> send(Call call) {
        RequestOptions options = new RequestOptions().setMethod(call.method()).setHost("127.0.0.1").setPort(port)
                .setURI(call.path()).setIdleTimeout(30_000);
        return client.request(options).compose(request -> {
            call.headers().forEach(request::putHeader);
            Future<io.vertx.core.http.HttpClientResponse> sent = call.body() == null ? request.send() : request.send(call.body());
            return sent.compose(response -> response.body().map(body -> new Answer(response.statusCode(), body, response.headers())));
        });
    }

    /** Blocking, for set-up steps. */
    Answer await(Call call) {
        try {
            return send(call).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(call.method() + " " + call.path() + " failed: " + e, e);
        }
    }

    /** {@code concurrency} callers for {@code duration}; {@code calls} gives the i-th request. */
    Outcome closed(int concurrency, Duration duration, IntFunction<Call> calls) {
        Latencies latencies = new Latencies();
        Map<String, Long> statuses = new TreeMap<>();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong index = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        Promise<Void> done = Promise.promise();
        AtomicLong running = new AtomicLong(concurrency);
        vertx.runOnContext(v -> {
            for (int i = 0; i < concurrency; i++) {
                loop(calls, latencies, statuses, ok, failed, index, end, running, done);
            }
        });
        await(done.future(), duration.plusSeconds(40));
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(ok.get(), failed.get(), seconds, latencies, snapshot(statuses));
    }

    private void loop(IntFunction<Call> calls, Latencies latencies, Map<String, Long> statuses, AtomicLong ok, AtomicLong failed,
            AtomicLong index, long end, AtomicLong running, Promise<Void> done) {
        if (System.nanoTime() >= end) {
            if (running.decrementAndGet() == 0) {
                done.tryComplete();
            }
            return;
        }
        long began = System.nanoTime();
        send(calls.apply((int) index.getAndIncrement())).onComplete(result -> {
            account(result, began, latencies, statuses, ok, failed);
            loop(calls, latencies, statuses, ok, failed, index, end, running, done);
        });
    }

    /** Exactly {@code count} requests, at most {@code concurrency} at a time (set-up work). */
    Outcome all(int count, int concurrency, Duration limit, IntFunction<Call> calls) {
        Latencies latencies = new Latencies();
        Map<String, Long> statuses = new TreeMap<>();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong index = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        Promise<Void> done = Promise.promise();
        long start = System.nanoTime();
        vertx.runOnContext(v -> {
            for (int i = 0; i < Math.min(concurrency, count); i++) {
                next(count, calls, latencies, statuses, ok, failed, index, finished, done);
            }
        });
        await(done.future(), limit);
        return new Outcome(ok.get(), failed.get(), (System.nanoTime() - start) / 1e9, latencies, snapshot(statuses));
    }

    private void next(int count, IntFunction<Call> calls, Latencies latencies, Map<String, Long> statuses, AtomicLong ok,
            AtomicLong failed, AtomicLong index, AtomicLong finished, Promise<Void> done) {
        long n = index.getAndIncrement();
        if (n >= count) {
            return;
        }
        long began = System.nanoTime();
        send(calls.apply((int) n)).onComplete(result -> {
            account(result, began, latencies, statuses, ok, failed);
            if (finished.incrementAndGet() == count) {
                done.tryComplete();
            } else {
                next(count, calls, latencies, statuses, ok, failed, index, finished, done);
            }
        });
    }

    /** Requests started at {@code rate} per second for {@code duration}, latency from each one's scheduled start. */
    Outcome open(double rate, Duration duration, IntFunction<Call> calls) {
        Latencies latencies = new Latencies();
        SlowSeconds slow = new SlowSeconds(duration);
        Map<String, Long> statuses = new TreeMap<>();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long total = Math.max(1, Math.round(rate * duration.toMillis() / 1000.0));
        AtomicLong started = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        Promise<Void> done = Promise.promise();
        long start = System.nanoTime();
        double intervalNanos = 1e9 / rate;
        vertx.runOnContext(v -> vertx.setPeriodic(2, timer -> {
            long due = Math.min(total, (long) ((System.nanoTime() - start) / intervalNanos) + 1);
            while (started.get() < due) {
                long n = started.getAndIncrement();
                long scheduled = start + (long) (n * intervalNanos);
                send(calls.apply((int) n)).onComplete(result -> {
                    account(result, scheduled, latencies, statuses, ok, failed);
                    if (result.succeeded() && result.result().status() / 100 == 2) {
                        slow.record((scheduled - start) / 1e9, System.nanoTime() - scheduled);
                    }
                    if (finished.incrementAndGet() == total) {
                        done.tryComplete();
                    }
                });
            }
            if (started.get() >= total) {
                vertx.cancelTimer(timer);
            }
        }));
        await(done.future(), duration.plusSeconds(40));
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(ok.get(), failed.get(), seconds, latencies, snapshot(statuses), slow);
    }

    private static void account(io.vertx.core.AsyncResult<Answer> result, long began, Latencies latencies,
            Map<String, Long> statuses, AtomicLong ok, AtomicLong failed) {
        String key;
        if (result.succeeded() && result.result().status() / 100 == 2) {
            ok.incrementAndGet();
            latencies.recordNanos(System.nanoTime() - began);
            key = String.valueOf(result.result().status());
        } else {
            failed.incrementAndGet();
            key = result.succeeded() ? String.valueOf(result.result().status()) : "error";
        }
        synchronized (statuses) {
            statuses.merge(key, 1L, Long::sum);
        }
    }

    private static Map<String, Long> snapshot(Map<String, Long> statuses) {
        synchronized (statuses) {
            return new TreeMap<>(statuses);
        }
    }

    static <T> T await(Future<T> future, Duration limit) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        await(client.close(), Duration.ofSeconds(10));
    }
}
