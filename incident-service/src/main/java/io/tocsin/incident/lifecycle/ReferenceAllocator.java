package io.tocsin.incident.lifecycle;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hands out incident numbers, per organisation and year, each in a short transaction of its own on a small pool of
 * its own, instead of inside the transaction that creates the incident.
 *
 * <p>Inside it, the counter row stayed locked until that transaction committed, so an organisation's creates
 * committed one after another, and one slow disk flush held up all of them. Now a create waits only for its own
 * number. A create that fails after taking its number leaves that number unused: references stay unique (SPEC §4),
 * and may have gaps.
 *
 * <p>The pool's sessions commit without waiting for the disk ({@code synchronous_commit} off). That is safe for the
 * counter: an incident that uses a number commits after the number was taken, and its flush covers the increment;
 * a number whose increment a crash loses was used by no incident that survived. The pool is its own, so a
 * transaction that asks for a number while holding one of the service's connections never waits for another of
 * them.
 */
@ApplicationScoped
public class ReferenceAllocator {

    private static final String NEXT = "INSERT INTO incident.reference_counters (org_id, year, last_value)"
            + " VALUES ($1, $2, 1) ON CONFLICT (org_id, year)"
            + " DO UPDATE SET last_value = incident.reference_counters.last_value + 1 RETURNING last_value";

    private final Pool pool;

    public ReferenceAllocator(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            @ConfigProperty(name = "tocsin.references.pool-size", defaultValue = "4") int poolSize) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .addProperty("synchronous_commit", "off")
                .addProperty("application_name", "incident-service references");
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        this.pool = PgPool.pool(vertx, options, new PoolOptions().setMaxSize(poolSize));
    }

    /** The organisation's next reference for the year, e.g. {@code INC-2026-0042}. */
    public Uni<String> next(String org, int year) {
        return pool.preparedQuery(NEXT).execute(Tuple.of(org, year))
                .map(rows -> String.format("INC-%d-%04d", year, rows.iterator().next().getInteger(0)));
    }

    @PreDestroy
    void close() {
        pool.close().subscribe().with(ok -> { }, failure -> { });
    }
}
