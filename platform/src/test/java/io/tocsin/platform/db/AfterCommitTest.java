package io.tocsin.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Work tied to a commit, against the real database. */
class AfterCommitTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final AtomicInteger runs = new AtomicInteger();
    private Vertx vertx;
    private Pool pool;

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        pool = TestPools.open(vertx);
    }

    @AfterEach
    void close() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
    }

    @Test
    void runsOnceTheTransactionHasCommittedNotBefore() {
        int inside = pool.withTransaction(tx -> tx.query("SELECT 1").execute()
                        .invoke(() -> AfterCommit.run(tx, runs::incrementAndGet))
                        .flatMap(rows -> tx.query("SELECT 2").execute())
                        .map(rows -> runs.get()))
                .await().atMost(WAIT);

        assertThat(inside).isZero();
        await().atMost(WAIT).untilAsserted(() -> assertThat(runs).hasValue(1));
    }

    @Test
    void neverRunsWhenTheTransactionRollsBack() {
        // A statement that fails after the work was registered, and a handler that fails.
        assertThatThrownBy(() -> pool.withTransaction(tx -> tx.query("SELECT 1").execute()
                        .invoke(() -> AfterCommit.run(tx, runs::incrementAndGet))
                        .flatMap(rows -> tx.query("SELECT 1 / 0").execute()))
                .await().atMost(WAIT)).isInstanceOf(PgException.class);
        assertThatThrownBy(() -> pool.withTransaction(tx -> tx.query("SELECT 1").execute()
                        .invoke(() -> AfterCommit.run(tx, runs::incrementAndGet))
                        .flatMap(rows -> Uni.createFrom().<Void>failure(new IllegalStateException("handler failed"))))
                .await().atMost(WAIT)).isInstanceOf(IllegalStateException.class);

        // A later transaction that commits runs its own work only: the rolled-back ones left nothing behind.
        pool.withTransaction(tx -> tx.query("SELECT 1").execute().invoke(() -> AfterCommit.run(tx, runs::incrementAndGet)))
                .await().atMost(WAIT);
        await().atMost(WAIT).untilAsserted(() -> assertThat(runs).hasValue(1));
    }

    @Test
    void runsAtOnceOutsideATransaction() {
        int inside = pool.withConnection(connection -> connection.query("SELECT 1").execute()
                        .invoke(() -> AfterCommit.run(connection, runs::incrementAndGet))
                        .map(rows -> runs.get()))
                .await().atMost(WAIT);

        assertThat(inside).isEqualTo(1);
    }
}
