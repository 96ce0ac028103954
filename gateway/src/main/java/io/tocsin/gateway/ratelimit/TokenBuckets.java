package io.tocsin.gateway.ratelimit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per key: {@code burst} tokens at most, refilled at {@code refillPerSecond}; a request
 * takes one. A bucket that has refilled to full is the same as no bucket, so {@link #sweep()} drops those
 * without changing any decision; past {@code maxBuckets}, the least recently used are dropped as well.
 * Time comes from the clock (tests move it).
 */
public final class TokenBuckets {

    /** The answer for one request; {@code retryAfterSeconds} is when the next token is due (0 if allowed). */
    public record Decision(boolean allowed, long retryAfterSeconds) {
    }

    private static final class Bucket {
        double tokens;
        long refilledAt;
        long lastUsed;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
            this.lastUsed = now;
        }

        void refill(long now, double perMilli, int burst) {
            // A clock moved back (tests) refills nothing.
            long elapsed = Math.max(0, now - refilledAt);
            tokens = Math.min(burst, tokens + elapsed * perMilli);
            refilledAt = now;
        }
    }

    private final Clock clock;
    private final double perMilli;
    private final int burst;
    private final int maxBuckets;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(Clock clock, double refillPerSecond, int burst, int maxBuckets) {
        if (refillPerSecond <= 0 || burst < 1 || maxBuckets < 1) {
            throw new IllegalArgumentException("rate limit needs refill > 0, burst >= 1 and max buckets >= 1");
        }
        this.clock = clock;
        this.perMilli = refillPerSecond / 1000.0;
        this.burst = burst;
        this.maxBuckets = maxBuckets;
    }

    public Decision take(String key) {
        long now = clock.millis();
        if (buckets.size() >= maxBuckets && !buckets.containsKey(key)) {
            makeRoom();
        }
        Decision[] decision = new Decision[1];
        buckets.compute(key, (k, bucket) -> {
            Bucket b = bucket == null ? new Bucket(burst, now) : bucket;
            b.refill(now, perMilli, burst);
            b.lastUsed = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                decision[0] = new Decision(true, 0);
            } else {
                decision[0] = new Decision(false, Math.max(1, (long) Math.ceil((1 - b.tokens) / perMilli / 1000.0)));
            }
            return b;
        });
        return decision[0];
    }

    /** Whether {@code key} has a token now, without taking it (a key never seen has a full bucket). */
    public Decision peek(String key) {
        long now = clock.millis();
        Decision[] decision = {new Decision(true, 0)};
        buckets.computeIfPresent(key, (k, bucket) -> {
            bucket.refill(now, perMilli, burst);
            if (bucket.tokens < 1) {
                decision[0] = new Decision(false, Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perMilli / 1000.0)));
            }
            return bucket;
        });
        return decision[0];
    }

    /** Drops every bucket that has refilled to full: forgetting it changes nothing. */
    public void sweep() {
        long now = clock.millis();
        // compute() per key, so that a sweep and a take on the same bucket never interleave
        for (String key : buckets.keySet()) {
            buckets.computeIfPresent(key, (k, bucket) -> isFull(bucket, now) ? null : bucket);
        }
    }

    public int size() {
        return buckets.size();
    }

    private boolean isFull(Bucket bucket, long now) {
        return bucket.tokens + Math.max(0, now - bucket.refilledAt) * perMilli >= burst;
    }

    /** Full buckets first; if that is not enough, the least recently used tenth goes too. */
    private void makeRoom() {
        sweep();
        if (buckets.size() < maxBuckets) {
            return;
        }
        // Snapshot the times first: sorting on values that change underneath breaks the sort.
        List<Map.Entry<String, Long>> byLastUse = new ArrayList<>();
        buckets.forEach((key, bucket) -> byLastUse.add(Map.entry(key, bucket.lastUsed)));
        byLastUse.sort(Map.Entry.comparingByValue());
        int drop = Math.max(1, maxBuckets / 10);
        for (int i = 0; i < drop && i < byLastUse.size(); i++) {
            buckets.remove(byLastUse.get(i).getKey());
        }
    }
}
