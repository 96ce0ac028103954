package io.tocsin.autodraft.scheduling;

import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.Db;
import io.tocsin.autodraft.catalogue.MetricLock;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Dwell checks live in the database, so they survive restarts and fire once across replicas. */
@ApplicationScoped
public class DwellCheckRepository {

    /**
     * One due check, unless another replica holds it: a locked row is skipped, and so is a check of a
     * metric another transaction is changing (the metric lock is only tried here, see {@link MetricLock});
     * those are picked up by a later round.
     */
    private static final String CLAIM_ONE = "SELECT id, org_id, metric, flip_seq, due_at FROM autodraft.dwell_checks"
            + " WHERE id = $2 AND due_at <= $1 AND " + MetricLock.TRY_SQL + " FOR UPDATE SKIP LOCKED";

    public Uni<Void> insert(SqlClient tx, DwellCheck check, Instant now) {
        return tx.preparedQuery("INSERT INTO autodraft.dwell_checks (id, org_id, metric, flip_seq, due_at, created_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(check.id(), check.org(), check.metric(), check.flipSeq(), Db.ts(check.dueAt()), Db.ts(now)))
                .replaceWithVoid();
    }

    /** The ids of the oldest due checks, without locking them (each is then claimed on its own). */
    public Uni<List<UUID>> dueIds(SqlClient client, Instant now, int limit) {
        return client.preparedQuery("SELECT id FROM autodraft.dwell_checks WHERE due_at <= $1 ORDER BY due_at LIMIT $2")
                .execute(Tuple.of(Db.ts(now), limit)).map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("id")));
                    return ids;
                });
    }

    /** Locks one check (and its metric) if it is still due and no other replica holds it. */
    public Uni<List<DwellCheck>> claim(SqlClient tx, UUID id, Instant now) {
        return tx.preparedQuery(CLAIM_ONE).execute(Tuple.of(Db.ts(now), id)).map(DwellCheckRepository::read);
    }

    private static List<DwellCheck> read(io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row> rows) {
        List<DwellCheck> due = new ArrayList<>();
        rows.forEach(r -> due.add(new DwellCheck(r.getUUID("id"), r.getString("org_id"), r.getString("metric"),
                r.getLong("flip_seq"), Db.instant(r, "due_at"))));
        return due;
    }

    /** Moves a check that could not be handled to a later time, so that the checks behind it go first. */
    public Uni<Void> postpone(SqlClient tx, UUID id, Instant dueAt) {
        return tx.preparedQuery("UPDATE autodraft.dwell_checks SET due_at = $2 WHERE id = $1").execute(Tuple.of(id, Db.ts(dueAt)))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient tx, UUID id) {
        return tx.preparedQuery("DELETE FROM autodraft.dwell_checks WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }
}
