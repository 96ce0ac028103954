package io.tocsin.gateway.apikeys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides when a key's last-used time is worth writing: at most once per interval per key, counting both
 * what this replica wrote and what the database already says (so that replicas do not all write).
 */
public final class LastUseThrottle {

    private static final int TRIM_ABOVE = 10_000;

    private final Clock clock;
    private final Duration interval;
    private final Map<UUID, Instant> written = new ConcurrentHashMap<>();

    public LastUseThrottle(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    /**
     * @param stored the last-used time in the database (null if never)
     * @return the time to write now, or null when it is not due
     */
    public Instant due(UUID key, Instant stored) {
        Instant now = clock.instant();
        Instant[] result = new Instant[1];
        written.compute(key, (id, last) -> {
            Instant latest = last == null || stored != null && stored.isAfter(last) ? stored : last;
            if (latest == null || !now.isBefore(latest.plus(interval))) {
                result[0] = now;
                return now;
            }
            return last;
        });
        if (written.size() > TRIM_ABOVE) {
            Instant stale = now.minus(interval);
            written.values().removeIf(at -> at.isBefore(stale));
        }
        return result[0];
    }
}
