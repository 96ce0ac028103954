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
 * address on public routes, swept periodically so memory stays bounded. A second, smaller bucket per
 * client address counts failed authentications: once it is empty, that address is refused before its
 * credentials are even checked, so guessing keys or tokens (or just burning the gateway's CPU on
 * signature checks) is slowed to the refill rate.
 */
@ApplicationScoped
public class RateLimiter {

    /** Whose bucket a request draws from. */
    public enum Scope {
        PRINCIPAL, ADDRESS
    }

    private final boolean enabled;
    private final TokenBuckets buckets;
    private final TokenBuckets failures;
    private final Vertx vertx;
    private final long sweepMillis;
    private final Counter limitedPrincipals;
    private final Counter limitedAddresses;
    private final Counter limitedFailures;
    private long sweepTimer = -1;

    public RateLimiter(GatewaySettings settings, Clock clock, Vertx vertx, MeterRegistry registry) {
        GatewaySettings.RateLimit config = settings.rateLimit();
        this.enabled = config.enabled();
        this.buckets = new TokenBuckets(clock, config.refillPerSecond(), config.burst(), config.maxBuckets());
        this.failures = new TokenBuckets(clock, config.failedAuthRefillPerSecond(), config.failedAuthBurst(), config.maxBuckets());
        this.vertx = vertx;
        this.sweepMillis = Math.max(1000, config.sweepInterval().toMillis());
        this.limitedPrincipals = Counter.builder("tocsin.gateway.rate.limited").tag("scope", "principal")
                .description("Requests refused with 429").register(registry);
        this.limitedAddresses = Counter.builder("tocsin.gateway.rate.limited").tag("scope", "address")
                .description("Requests refused with 429").register(registry);
        this.limitedFailures = Counter.builder("tocsin.gateway.rate.limited").tag("scope", "failed_authentication")
                .description("Requests refused with 429").register(registry);
        registry.gauge("tocsin.gateway.rate.buckets", buckets, TokenBuckets::size);
        registry.gauge("tocsin.gateway.rate.failure.buckets", failures, TokenBuckets::size);
    }

    void start(@Observes StartupEvent event) {
        sweepTimer = vertx.setPeriodic(sweepMillis, id -> {
            buckets.sweep();
            failures.sweep();
        });
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

    /** Whether a client address may still try to authenticate (its failed attempts are not used up). */
    public TokenBuckets.Decision mayAuthenticate(String address) {
        if (!enabled) {
            return new TokenBuckets.Decision(true, 0);
        }
        TokenBuckets.Decision decision = failures.peek(address);
        if (!decision.allowed()) {
            limitedFailures.increment();
        }
        return decision;
    }

    /** Counts a failed authentication (bad or missing credentials) from a client address. */
    public void authenticationFailed(String address) {
        if (enabled) {
            failures.take(address);
        }
    }
}
