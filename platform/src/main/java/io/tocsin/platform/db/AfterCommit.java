package io.tocsin.platform.db;

import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;

/**
 * Work that must happen only if a transaction's effects do, typically counting them: a counter bumped inside a
 * transaction that then rolls back (a consumed batch redone one message at a time, a batch run again after a
 * deadlock) would count the same effect twice.
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    /**
     * Runs {@code action} once the transaction {@code connection} is in has committed, and never if it rolls back;
     * at once when the connection is in no transaction.
     */
    public static void run(SqlConnection connection, Runnable action) {
        Transaction transaction = connection.transaction();
        if (transaction == null) {
            action.run();
            return;
        }
        transaction.completion().subscribe().with(committed -> action.run(), rolledBack -> {
        });
    }
}
