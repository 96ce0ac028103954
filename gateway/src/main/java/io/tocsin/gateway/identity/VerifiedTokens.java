package io.tocsin.gateway.identity;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens quarkus-oidc has verified, and the caller each stands for, until the token expires: a caller
 * sending the same token again is not verified again (signature checks and JSON parsing were a third of the
 * gateway's CPU in the benchmark). Keyed by the token's SHA-256, bounded; emptied when full.
 */
@ApplicationScoped
public class VerifiedTokens {

    static final int MAX_CACHED = 10_000;

    private record Verified(Caller caller, Instant expiresAt) {
    }

    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public VerifiedTokens(Clock clock) {
        this.clock = clock;
    }

    /** Remembers a token quarkus-oidc accepted; tokens without an expiry are not kept. */
    public void remember(String rawToken, Caller caller, Long expiresAtEpochSecond) {
        if (expiresAtEpochSecond == null || expiresAtEpochSecond <= 0) {
            return;
        }
        if (verified.size() >= MAX_CACHED) {
            verified.clear();
        }
        verified.put(hash(rawToken), new Verified(caller, Instant.ofEpochSecond(expiresAtEpochSecond)));
    }

    /** The caller of a token verified before and not expired yet, or null. */
    public Caller caller(String rawToken) {
        String key = hash(rawToken);
        Verified found = verified.get(key);
        if (found == null) {
            return null;
        }
        if (!clock.instant().isBefore(found.expiresAt())) {
            verified.remove(key, found);
            return null;
        }
        return found.caller();
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
