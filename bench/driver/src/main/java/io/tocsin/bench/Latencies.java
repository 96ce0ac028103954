package io.tocsin.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/** A latency histogram in microseconds (1 µs to 60 s, 3 significant digits), safe to record from any thread. */
final class Latencies {

    private final Histogram histogram = new Histogram(1, 60_000_000L, 3);

    synchronized void recordNanos(long nanos) {
        histogram.recordValue(Math.max(1, Math.min(60_000_000L, nanos / 1000)));
    }

    synchronized void recordMillis(double millis) {
        histogram.recordValue(Math.max(1, Math.min(60_000_000L, Math.round(millis * 1000))));
    }

    void add(Latencies other) {
        Histogram copy;
        synchronized (other) {
            copy = other.histogram.copy();
        }
        synchronized (this) {
            histogram.add(copy);
        }
    }

    synchronized long count() {
        return histogram.getTotalCount();
    }

    /** A percentile in milliseconds. */
    synchronized double millis(double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : Result.round(histogram.getValueAtPercentile(percentile) / 1000.0, 2);
    }

    synchronized JsonObject toJson() {
        return new JsonObject().put("count", histogram.getTotalCount()).put("p50_ms", millis(50)).put("p90_ms", millis(90))
                .put("p99_ms", millis(99)).put("max_ms", millis(100));
    }
}
