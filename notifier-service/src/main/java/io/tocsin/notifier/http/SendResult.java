package io.tocsin.notifier.http;

import java.time.Duration;

/**
 * How one attempt to send went: delivered, worth retrying (timeouts, connection errors, 5xx, 429
 * with the wait the receiver asked for), or failed for good (other 4xx) with the reason kept.
 */
public sealed interface SendResult {

    Integer statusCode();

    record Delivered(Integer statusCode, String note) implements SendResult {
    }

    record Retry(Integer statusCode, String reason, Duration retryAfter) implements SendResult {
    }

    record Failed(Integer statusCode, String reason) implements SendResult {
    }

    static SendResult delivered(int status) {
        return new Delivered(status, null);
    }
}
