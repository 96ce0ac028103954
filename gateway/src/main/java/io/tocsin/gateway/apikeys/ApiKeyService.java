package io.tocsin.gateway.apikeys;

import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.tocsin.gateway.GatewaySettings;
import io.tocsin.gateway.identity.Caller;
import io.tocsin.platform.db.RowIds;
import io.tocsin.platform.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Creating, listing, revoking and checking API keys, each key in its creator's organisation. A key found in the
 * database is remembered for {@link #REMEMBERED} so that a busy tool does not cost a query per request; revoking
 * forgets it at once on this replica, so another replica may accept a revoked key for at most that long. Expiry
 * is checked on every request.
 */
@ApplicationScoped
public class ApiKeyService {

    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);
    static final Duration REMEMBERED = Duration.ofSeconds(10);
    static final int MAX_REMEMBERED = 10_000;

    private record Found(ApiKey key, Instant until) {
    }

    private final Pool pool;
    private final ApiKeyRepository repository;
    private final Clock clock;
    private final LastUseThrottle lastUse;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Found> found = new ConcurrentHashMap<>();

    public ApiKeyService(Pool pool, ApiKeyRepository repository, Clock clock, GatewaySettings settings) {
        this.pool = pool;
        this.repository = repository;
        this.clock = clock;
        this.lastUse = new LastUseThrottle(clock, settings.apiKeys().lastUsedInterval());
    }

    public Uni<CreatedApiKey> create(Caller creator, CreateApiKeyRequest request) {
        Instant now = now();
        List<String> roles = ApiKeyPolicy.grantable(creator, request.roles());
        Instant expiresAt = request.expiresAt() == null ? null : request.expiresAt().truncatedTo(ChronoUnit.MICROS);
        ApiKeyPolicy.checkExpiry(expiresAt, now);
        String secret = ApiKeySecret.generate(random);
        ApiKey key = new ApiKey(creator.org(), RowIds.next(), request.name().strip(), ApiKeySecret.displayPrefix(secret),
                ApiKeySecret.hash(secret), roles, creator.sub(), now, expiresAt, null, null, creator.plan());
        return repository.insert(pool, key).map(stored -> CreatedApiKey.of(stored, secret));
    }

    public Uni<List<ApiKeyView>> list(String org) {
        return repository.list(pool, org).map(keys -> keys.stream().map(ApiKeyView::of).toList());
    }

    public Uni<Void> revoke(String org, UUID id) {
        return repository.revoke(pool, org, id, now()).map(revoked -> {
            this.found.values().removeIf(f -> f.key().id().equals(id) && f.key().org().equals(org));
            if (!revoked) {
                throw ProblemException.notFound("API key " + id);
            }
            return null;
        });
    }

    /** The caller a presented key stands for; unknown, revoked and expired keys fail authentication. */
    public Uni<Caller> authenticate(String secret) {
        if (!ApiKeySecret.isWellFormed(secret)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("malformed API key"));
        }
        String hash = ApiKeySecret.hash(secret);
        Instant now = clock.instant();
        Found remembered = found.get(hash);
        if (remembered != null && now.isBefore(remembered.until()) && !now.isBefore(remembered.until().minus(REMEMBERED))) {
            return Uni.createFrom().item(usable(Optional.of(remembered.key())));
        }
        return repository.byHash(pool, hash).map(key -> {
            key.ifPresent(k -> {
                if (found.size() >= MAX_REMEMBERED) {
                    found.clear();
                }
                found.put(hash, new Found(k, now.plus(REMEMBERED)));
            });
            return usable(key);
        });
    }

    private Caller usable(Optional<ApiKey> found) {
        ApiKey key = found.filter(k -> ApiKeyPolicy.isUsable(k, clock.instant()))
                .orElseThrow(() -> new AuthenticationFailedException("unknown, revoked or expired API key"));
        recordUse(key);
        return Caller.apiKey(key.id(), key.org(), new HashSet<>(key.roles()), key.name(), key.plan());
    }

    /** Written in the background and at most once a minute per key: authentication does not wait for it. */
    private void recordUse(ApiKey key) {
        Instant due = lastUse.due(key.id(), key.lastUsedAt());
        if (due != null) {
            repository.touch(pool, key.org(), key.id(), due.truncatedTo(ChronoUnit.MICROS)).subscribe().with(
                    done -> { },
                    failure -> LOG.warnf("could not record the last use of API key %s: %s", key.id(), failure.getMessage()));
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
