package io.tocsin.autodraft.catalogue;

import static io.tocsin.autodraft.Db.instant;
import static io.tocsin.autodraft.Db.ts;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** SQL for metrics; every statement is scoped by organisation. */
@ApplicationScoped
public class MetricRepository {

    private static final String COLUMNS = "org_id, slug, title, services, threshold, policy, dwell_seconds, severity, health,"
            + " last_value, unhealthy_since, last_transition_at, transition_seq, flip_severity, flip_score,"
            + " last_draft_requested_at, last_drafted_at, last_dismissed_at, created_at, updated_at";

    private static final String INSERT = "INSERT INTO autodraft.metrics (" + COLUMNS + ") VALUES ("
            + "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)"
            + " ON CONFLICT (org_id, slug) DO NOTHING";

    public Uni<Optional<Metric>> find(SqlClient client, String org, String slug) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM autodraft.metrics WHERE org_id = $1 AND slug = $2")
                .execute(Tuple.of(org, slug)).map(MetricRepository::first);
    }

    /** The metrics among {@code keys} that exist, in one statement (no lock: a caller that acts on one locks and reads it again). */
    public Uni<List<Metric>> findAll(SqlClient client, Collection<MetricKey> keys) {
        String[] orgs = keys.stream().map(MetricKey::org).toArray(String[]::new);
        String[] slugs = keys.stream().map(MetricKey::slug).toArray(String[]::new);
        return client.preparedQuery("SELECT " + COLUMNS + " FROM autodraft.metrics"
                        + " WHERE (org_id, slug) IN (SELECT * FROM unnest($1::text[], $2::text[]))")
                .execute(Tuple.of(orgs, slugs)).map(rows -> {
                    List<Metric> metrics = new ArrayList<>();
                    rows.forEach(row -> metrics.add(map(row)));
                    return metrics;
                });
    }

    /** A page of the catalogue in slug order, after {@code afterSlug}; one more than {@code limit} tells whether more exist. */
    public Uni<List<Metric>> list(SqlClient client, String org, MetricFilter filter, String afterSlug, int limit) {
        List<Object> params = new ArrayList<>(List.of(org));
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM autodraft.metrics WHERE org_id = $1");
        if (filter.health() != null) {
            params.add(filter.health().wire());
            sql.append(" AND health = $").append(params.size());
        }
        if (filter.policy() != null) {
            params.add(filter.policy().wire());
            sql.append(" AND policy = $").append(params.size());
        }
        if (filter.service() != null) {
            params.add(new String[] {filter.service()});
            sql.append(" AND services @> $").append(params.size()).append("::text[]");
        }
        if (afterSlug != null) {
            params.add(afterSlug);
            sql.append(" AND slug > $").append(params.size());
        }
        params.add(limit + 1);
        sql.append(" ORDER BY slug LIMIT $").append(params.size());
        return client.preparedQuery(sql.toString()).execute(Tuple.from(params)).map(rows -> {
            List<Metric> metrics = new ArrayList<>();
            rows.forEach(row -> metrics.add(map(row)));
            return metrics;
        });
    }

    /** Inserts the metric unless one with its slug exists; true when it was inserted. */
    public Uni<Boolean> insert(SqlClient tx, Metric m) {
        Tuple t = Tuple.tuple().addValue(m.org()).addValue(m.slug()).addValue(m.title())
                .addValue(m.services().toArray(new String[0])).addValue(m.threshold()).addValue(m.policy().wire())
                .addValue(m.dwellSeconds()).addValue(m.severity().wire()).addValue(m.health().wire()).addValue(m.lastValue())
                .addValue(ts(m.unhealthySince())).addValue(ts(m.lastTransitionAt())).addValue(m.transitionSeq())
                .addValue(m.flipSeverity() == null ? null : m.flipSeverity().wire()).addValue(m.flipScore())
                .addValue(ts(m.lastDraftRequestedAt())).addValue(ts(m.lastDraftedAt())).addValue(ts(m.lastDismissedAt()))
                .addValue(ts(m.createdAt()))
                .addValue(ts(m.updatedAt()));
        return tx.preparedQuery(INSERT).execute(t).map(rows -> rows.rowCount() == 1);
    }

    /** Replaces what an admin configures; the health part is left alone. */
    public Uni<Void> updateSettings(SqlClient tx, Metric m) {
        return tx.preparedQuery("UPDATE autodraft.metrics SET title = $3, services = $4, threshold = $5, policy = $6,"
                        + " dwell_seconds = $7, severity = $8, updated_at = $9 WHERE org_id = $1 AND slug = $2")
                .execute(Tuple.tuple().addValue(m.org()).addValue(m.slug()).addValue(m.title())
                        .addValue(m.services().toArray(new String[0])).addValue(m.threshold()).addValue(m.policy().wire())
                        .addValue(m.dwellSeconds()).addValue(m.severity().wire()).addValue(ts(m.updatedAt())))
                .replaceWithVoid();
    }

    /** Writes a health transition (the caller holds the metric's lock). */
    public Uni<Void> updateHealth(SqlClient tx, Metric m) {
        return tx.preparedQuery("UPDATE autodraft.metrics SET health = $3, last_value = $4, unhealthy_since = $5,"
                        + " last_transition_at = $6, transition_seq = $7, flip_severity = $8, flip_score = $9, updated_at = $10"
                        + " WHERE org_id = $1 AND slug = $2")
                .execute(Tuple.tuple().addValue(m.org()).addValue(m.slug()).addValue(m.health().wire()).addValue(m.lastValue())
                        .addValue(ts(m.unhealthySince())).addValue(ts(m.lastTransitionAt())).addValue(m.transitionSeq())
                        .addValue(m.flipSeverity() == null ? null : m.flipSeverity().wire()).addValue(m.flipScore())
                        .addValue(ts(m.updatedAt())))
                .replaceWithVoid();
    }

    /** Records a draft request: a second request waits while this one is in flight. */
    public Uni<Void> markDraftRequested(SqlClient tx, String org, String slug, Instant at) {
        return tx.preparedQuery("UPDATE autodraft.metrics SET last_draft_requested_at = $3 WHERE org_id = $1 AND slug = $2")
                .execute(Tuple.of(org, slug, ts(at))).replaceWithVoid();
    }

    /** Starts the cooldown that follows a draft incident-service created (keeping the later one). */
    public Uni<Void> markDrafted(SqlClient tx, String org, String slug, Instant at) {
        return tx.preparedQuery("UPDATE autodraft.metrics SET last_drafted_at = GREATEST(last_drafted_at, $3)"
                        + " WHERE org_id = $1 AND slug = $2")
                .execute(Tuple.of(org, slug, ts(at))).replaceWithVoid();
    }

    /** Starts the cooldown that follows an operator's dismissal (keeping the later one). */
    public Uni<Void> markDismissed(SqlClient tx, String org, String slug, Instant at) {
        return tx.preparedQuery("UPDATE autodraft.metrics SET last_dismissed_at = GREATEST(last_dismissed_at, $3)"
                        + " WHERE org_id = $1 AND slug = $2")
                .execute(Tuple.of(org, slug, ts(at))).replaceWithVoid();
    }

    static Optional<Metric> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
    }

    static Metric map(Row r) {
        String flipSeverity = r.getString("flip_severity");
        return new Metric(r.getString("org_id"), r.getString("slug"), r.getString("title"),
                Arrays.asList(r.getArrayOfStrings("services")), r.getString("threshold"), Policy.fromWire(r.getString("policy")),
                r.getInteger("dwell_seconds"), MetricSeverity.fromWire(r.getString("severity")),
                Health.fromWire(r.getString("health")), r.getDouble("last_value"), instant(r, "unhealthy_since"),
                instant(r, "last_transition_at"), r.getLong("transition_seq"),
                flipSeverity == null ? null : MetricSeverity.fromWire(flipSeverity), r.getDouble("flip_score"),
                instant(r, "last_draft_requested_at"), instant(r, "last_drafted_at"), instant(r, "last_dismissed_at"),
                instant(r, "created_at"),
                instant(r, "updated_at"));
    }
}
