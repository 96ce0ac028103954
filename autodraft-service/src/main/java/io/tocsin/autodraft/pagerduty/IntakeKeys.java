package io.tocsin.autodraft.pagerduty;

import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.Db;
import io.tocsin.platform.db.RowIds;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.Caller;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates, lists, revokes and resolves intake keys. A key is 32 random hexadecimal characters
 * (the shape of a PagerDuty integration key, which some tools check); only its SHA-256 is stored,
 * so it is shown once, when created.
 */
@ApplicationScoped
public class IntakeKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;
    private final IntakeKeyRepository keys;
    private final Clock clock;

    public IntakeKeys(Pool pool, IntakeKeyRepository keys, Clock clock) {
        this.pool = pool;
        this.keys = keys;
        this.clock = clock;
    }

    public Uni<IntakeKeyView> create(Caller caller, IntakeKeyRequest request) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String secret = HexFormat.of().formatHex(bytes);
        IntakeKey key = new IntakeKey(RowIds.next(), caller.org(), request.name().strip(), request.service(),
                secret.substring(secret.length() - 4), caller.sub(), Db.micros(clock.instant()));
        return keys.insert(pool, key, hash(secret)).replaceWith(IntakeKeyView.created(key, secret));
    }

    public Uni<List<IntakeKeyView>> list(String org) {
        return keys.list(pool, org).map(found -> found.stream().map(IntakeKeyView::of).toList());
    }

    public Uni<Void> revoke(String org, UUID id) {
        return keys.delete(pool, org, id).map(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("intake key " + id);
            }
            return null;
        });
    }

    /** The key a routing key stands for, if any. */
    public Uni<Optional<IntakeKey>> resolve(String routingKey) {
        return keys.findByHash(pool, hash(routingKey));
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
