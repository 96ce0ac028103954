package io.tocsin.notifier.http;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.NotifierSettings;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Every outbound HTTP call of the notifier: non-blocking (Vert.x web client), with a time limit,
 * and classified the same way for every destination.
 */
@ApplicationScoped
public class Outbound {

    private static final int REASON_LIMIT = 500;

    private final WebClient client;
    private final NotifierSettings settings;
    private final Clock clock;

    public Outbound(Vertx vertx, NotifierSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        // A dispatcher round sends up to batch-size deliveries at once, often to one host; a send waiting
        // for a free connection would spend its time limit in the queue.
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setMaxPoolSize(Math.max(settings.batchSize(), WebClientOptions.DEFAULT_MAX_POOL_SIZE))
                .setConnectTimeout((int) settings.sendTimeout().toMillis())
                .setFollowRedirects(false)
                .setUserAgent("Tocsin-Notifier/1"));
    }

    /** An answer: its status, headers and body (for steps that read it). */
    public record Reply(int status, MultiMap headers, String body) {
    }

    /** Sends {@code body} (JSON, or none) and gives back the raw answer; fails on timeouts and connection errors. */
    public Uni<Reply> call(HttpMethod method, String url, Map<String, String> headers, String body) {
        URI uri = URI.create(url);
        HttpRequest<Buffer> request = client.requestAbs(method, uri.toString()).timeout(settings.sendTimeout().toMillis());
        headers.forEach(request::putHeader);
        Uni<HttpResponse<Buffer>> sent = body == null ? request.send()
                : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body));
        // The client's timeout fires when no data arrives for that long; this bounds a slowly dripping answer too.
        return sent.ifNoItem().after(settings.sendTimeout().multipliedBy(2))
                .failWith(() -> new TimeoutException("no complete answer within " + settings.sendTimeout().multipliedBy(2)))
                .map(response -> new Reply(response.statusCode(), response.headers(),
                        response.body() == null ? "" : response.bodyAsString()));
    }

    /** The same, classified: 2xx delivered, 429/5xx/transport failures retryable, other statuses failed. */
    public Uni<SendResult> send(HttpMethod method, String url, Map<String, String> headers, String body) {
        return call(method, url, headers, body).map(this::classify).onFailure().recoverWithItem(Outbound::transportFailure);
    }

    public SendResult classify(Reply reply) {
        int status = reply.status();
        if (status >= 200 && status < 300) {
            return SendResult.delivered(status);
        }
        String reason = "HTTP " + status + (reply.body().isBlank() ? "" : ": " + shorten(reply.body()));
        if (status == 429 || status == 408 || status >= 500) {
            return new SendResult.Retry(status, reason, retryAfter(reply.headers().get("Retry-After")));
        }
        return new SendResult.Failed(status, reason);
    }

    /** A failure before any answer: a timeout or a connection problem, both worth retrying. */
    public static SendResult transportFailure(Throwable failure) {
        String reason;
        if (failure instanceof TimeoutException || String.valueOf(failure.getMessage()).contains("timeout")) {
            reason = "timed out: " + failure.getMessage();
        } else if (failure instanceof ConnectException) {
            reason = "connection failed: " + failure.getMessage();
        } else {
            reason = "transport error: " + failure;
        }
        return new SendResult.Retry(null, shorten(reason), null);
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    public static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= REASON_LIMIT ? flat : flat.substring(0, REASON_LIMIT - 1) + "…";
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
