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
     * The oldest due checks that no other replica holds: rows locked by another poller are
     * skipped, and so are checks of a metric another transaction is changing (the metric lock is
     * only tried here, see {@link MetricLock}); those are picked up by a later round.
     */
    private static final String CLAIM = "SELECT id, org_id, metric, flip_seq, due_at FROM autodraft.dwell_checks"
            + " WHERE due_at <= $1 AND " + MetricLock.TRY_SQL
            + " ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED";

    public Uni<Void> insert(SqlClient tx, DwellCheck check, Instant now) {
        return tx.preparedQuery("INSERT INTO autodraft.dwell_checks (id, org_id, metric, flip_seq, due_at, created_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(check.id(), check.org(), check.metric(), check.flipSeq(), Db.ts(check.dueAt()), Db.ts(now)))
                .replaceWithVoid();
    }

    /** Locks up to {@code limit} due checks (and their metrics) for the rest of the transaction. */
    public Uni<List<DwellCheck>> claimDue(SqlClient tx, Instant now, int limit) {
        return tx.preparedQuery(CLAIM).execute(Tuple.of(Db.ts(now), limit)).map(rows -> {
            List<DwellCheck> due = new ArrayList<>();
            rows.forEach(r -> due.add(new DwellCheck(r.getUUID("id"), r.getString("org_id"), r.getString("metric"),
                    r.getLong("flip_seq"), Db.instant(r, "due_at"))));
            return due;
        });
    }

    public Uni<Void> delete(SqlClient tx, UUID id) {
        return tx.preparedQuery("DELETE FROM autodraft.dwell_checks WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }
}
