package io.tocsin.autodraft.catalogue;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;

/**
 * Serialises everything that changes one metric (signals, dwell checks, incident events, admin
 * changes) with a transaction-scoped advisory lock. Unlike {@code SELECT … FOR UPDATE}, the lock
 * writes nothing to the row, so a signal that changes nothing stays a read.
 *
 * <p>The dwell poller only ever <em>tries</em> this lock ({@link #TRY_SQL} inside its claim) while
 * everyone else waits for it, so the two cannot deadlock. A transaction that needs several locks takes
 * them at once, in an order every such transaction uses ({@link #lockAll}), so that two batches
 * changing the same metrics in different orders queue up instead of deadlocking.
 */
public final class MetricLock {

    /** SQL expression of the lock key for columns {@code org_id} and {@code metric} (used by the poller's claim). */
    public static final String TRY_SQL = "pg_try_advisory_xact_lock(hashtext('autodraft.metrics'), hashtext(org_id || '/' || metric))";

    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('autodraft.metrics'), hashtext($1))";

    private static final String LOCK_ALL = "SELECT count(pg_advisory_xact_lock(hashtext('autodraft.metrics'), hashtext(key)))"
            + " FROM unnest($1::text[]) AS t(key)";

    private MetricLock() {
    }

    /** Waits for the metric's lock; it is held until the transaction ends. */
    public static Uni<Void> lock(SqlClient tx, String org, String slug) {
        return tx.preparedQuery(LOCK).execute(Tuple.of(org + "/" + slug)).replaceWithVoid();
    }

    /**
     * Waits for the locks of {@code keys}, taken one after the other in the order given (the caller's one order for
     * all such transactions); they are held until the transaction ends. Nothing to do for none.
     */
    public static Uni<Void> lockAll(SqlClient tx, List<MetricKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] names = keys.stream().map(key -> key.org() + "/" + key.slug()).toArray(String[]::new);
        return tx.preparedQuery(LOCK_ALL).execute(Tuple.of(names)).replaceWithVoid();
    }
}
