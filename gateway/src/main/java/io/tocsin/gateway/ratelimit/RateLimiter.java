package io.tocsin.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tocsin.gateway.GatewaySettings;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;

/**
 * The gateway's rate limits (SPEC §7): a bucket per principal on authenticated routes and one per client
 * address on public routes, swept periodically so memory stays bounded.
 */
@ApplicationScoped
public class RateLimiter {

    /** Whose bucket a request draws from. */
    public enum Scope {
        PRINCIPAL, ADDRESS
    }

    private final boolean enabled;
    private final TokenBuckets buckets;
    private final Vertx vertx;
    private final long sweepMillis;
    private final Counter limitedPrincipals;
    private final Counter limitedAddresses;
    private long sweepTimer = -1;

    public RateLimiter(GatewaySettings settings, Clock clock, Vertx vertx, MeterRegistry registry) {
        GatewaySettings.RateLimit config = settings.rateLimit();
        this.enabled = config.enabled();
        this.buckets = new TokenBuckets(clock, config.refillPerSecond(), config.burst(), config.maxBuckets());
        this.vertx = vertx;
        this.sweepMillis = Math.max(1000, config.sweepInterval().toMillis());
        this.limitedPrincipals = Counter.builder("tocsin.gateway.rate.limited").tag("scope", "principal")
                .description("Requests refused with 429").register(registry);
        this.limitedAddresses = Counter.builder("tocsin.gateway.rate.limited").tag("scope", "address")
                .description("Requests refused with 429").register(registry);
        registry.gauge("tocsin.gateway.rate.buckets", buckets, TokenBuckets::size);
    }

    void start(@Observes StartupEvent event) {
        sweepTimer = vertx.setPeriodic(sweepMillis, id -> buckets.sweep());
    }

    void stop(@Observes ShutdownEvent event) {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
    }

    public TokenBuckets.Decision take(Scope scope, String key) {
        if (!enabled) {
            return new TokenBuckets.Decision(true, 0);
        }
        TokenBuckets.Decision decision = buckets.take(scope.name() + "|" + key);
        if (!decision.allowed()) {
            (scope == Scope.PRINCIPAL ? limitedPrincipals : limitedAddresses).increment();
        }
        return decision;
    }
}
