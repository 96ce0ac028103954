package io.tocsin.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Everything the gateway can be told (prefix {@code tocsin.gateway}); env variables in the module README. */
@ConfigMapping(prefix = "tocsin.gateway")
public interface GatewaySettings {

    /**
     * Path prefix → upstream base URL ({@code http[s]://host[:port]}, no path). Longest prefix wins;
     * a prefix matches itself and everything below it ({@code /api/teams} matches {@code /api/teams/x}).
     */
    Map<String, String> routes();

    /** How long an upstream may take to start answering (and stay silent mid-answer) before a 504. */
    @WithDefault("30s")
    Duration upstreamTimeout();

    /** TCP connect timeout to an upstream; a refused or unreachable upstream is a 503. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Open connections kept per upstream. */
    @WithDefault("50")
    int upstreamPoolSize();

    /** Claim of an external token that names the organisation ({@code organization} is read when it is absent). */
    @WithDefault("org")
    String orgClaim();

    /** Claims (paths separated by {@code /}) whose values are the caller's roles; every one found is read. */
    @WithDefault("groups,realm_access/roles")
    List<String> rolesClaims();

    RateLimit rateLimit();

    InternalToken internalToken();

    ApiKeys apiKeys();

    /** Token buckets: one per principal on authenticated routes, one per client address on public routes. */
    interface RateLimit {

        @WithDefault("true")
        boolean enabled();

        /** Tokens added per second. */
        @WithDefault("20")
        double refillPerSecond();

        /** Bucket size: the requests a caller may make at once after being idle. */
        @WithDefault("100")
        int burst();

        /** Buckets kept in memory at most; full (idle) buckets are dropped first. */
        @WithDefault("100000")
        int maxBuckets();

        /** How often full buckets are swept away. */
        @WithDefault("1m")
        Duration sweepInterval();

        /**
         * Failed authentications a client address may make at once (bad or missing credentials on a
         * protected route); once they are used up, every request from it waits, valid credentials or not.
         */
        @WithDefault("50")
        int failedAuthBurst();

        /** Failed authentications added back per second. */
        @WithDefault("1")
        double failedAuthRefillPerSecond();
    }

    /** The JWT the gateway mints for every forwarded request. */
    interface InternalToken {

        /** PEM PKCS#8 RSA private key, as a path or a {@code file:} URL. */
        String privateKeyLocation();

        /** Lifetime of a minted token; the services refuse more than 5 minutes. */
        @WithDefault("2m")
        Duration lifetime();
    }

    interface ApiKeys {

        /** A key's last-used time is written at most this often. */
        @WithDefault("1m")
        Duration lastUsedInterval();
    }
}
