package io.tocsin.autodraft.scheduling;

import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.Db;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs periodic jobs once across replicas: a job's row holds its next run time, and the replica
 * whose update moves it forward runs the job in that same transaction (the others' updates wait
 * for it, then find the time in the future and skip). A failed run rolls the time back.
 */
@ApplicationScoped
public class Schedules {

    /** True when this transaction took the run of {@code job} that was due at {@code now}. */
    public Uni<Boolean> claim(SqlClient tx, String job, Instant now, Duration interval) {
        return tx.preparedQuery("UPDATE autodraft.schedules SET next_run_at = $3 WHERE name = $1 AND next_run_at <= $2")
                .execute(Tuple.of(job, Db.ts(now), Db.ts(now.plus(interval))))
                .map(rows -> rows.rowCount() == 1);
    }
}
