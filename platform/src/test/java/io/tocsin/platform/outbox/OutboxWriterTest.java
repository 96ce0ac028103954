package io.tocsin.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.db.RowIds;
import io.tocsin.platform.db.TestPools;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The writer wakes this replica's relay once the rows it wrote are committed, against the real database. */
class OutboxWriterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TABLE = "outbox_writer_test.outbox";

    private final CountingRelay relay = new CountingRelay();
    private Vertx vertx;
    private Pool pool;
    private OutboxWriter writer;

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        pool = TestPools.open(vertx);
        pool.query("CREATE SCHEMA IF NOT EXISTS outbox_writer_test").execute()
                .chain(() -> pool.query("CREATE TABLE IF NOT EXISTS " + TABLE + " (id bigserial PRIMARY KEY,"
                        + " address text NOT NULL, aggregate_id text NOT NULL, event_id uuid NOT NULL UNIQUE, type text NOT NULL,"
                        + " source text NOT NULL, subject text, org_id text, occurred_at timestamptz NOT NULL,"
                        + " payload jsonb NOT NULL, sent_at timestamptz, traceparent text)").execute())
                .await().atMost(WAIT);
        writer = new OutboxWriter(settings(), relay);
    }

    @AfterEach
    void close() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
    }

    @Test
    void wakesTheRelayAfterTheCommitNotBefore() {
        int wakesInside = pool.withTransaction(tx -> writer.append(tx, List.of(event(), event()))
                        .map(written -> relay.wakes.get()))
                .await().atMost(WAIT);

        assertThat(wakesInside).isZero();
        await().atMost(WAIT).untilAsserted(() -> assertThat(relay.wakes).hasValue(1));
    }

    @Test
    void neverWakesTheRelayForRowsThatWereRolledBackOrForNoRows() {
        assertThatThrownBy(() -> pool.withTransaction(tx -> writer.append(tx, List.of(event()))
                        .chain(() -> tx.query("SELECT 1 / 0").execute()))
                .await().atMost(WAIT)).isInstanceOf(PgException.class);
        pool.withTransaction(tx -> writer.append(tx, List.of())).await().atMost(WAIT);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> relay.wakes.get() == 0);

        // A later commit that wrote a row wakes it once: the others left nothing behind.
        pool.withTransaction(tx -> writer.append(tx, List.of(event()))).await().atMost(WAIT);
        await().atMost(WAIT).untilAsserted(() -> assertThat(relay.wakes).hasValue(1));
    }

    private static OutboxEvent event() {
        String id = RowIds.next().toString();
        return new OutboxEvent("test.events", "aggregate-1",
                new CloudEventMessage(id, "io.tocsin.test.happened", "/test", "aggregate-1", "org-1", Instant.now(), "{}"));
    }

    private static OutboxSettings settings() {
        return new OutboxSettings() {
            @Override
            public Optional<String> table() {
                return Optional.of(TABLE);
            }

            @Override
            public boolean relayEnabled() {
                return true;
            }

            @Override
            public int batchSize() {
                return 200;
            }

            @Override
            public Duration pollInterval() {
                return Duration.ofSeconds(1);
            }

            @Override
            public int maxRefusals() {
                return 5;
            }

            @Override
            public Duration retention() {
                return Duration.ofHours(24);
            }
        };
    }

    /** A relay that only counts its wakes; it is never started. */
    private static final class CountingRelay extends OutboxRelay {

        final AtomicInteger wakes = new AtomicInteger();

        CountingRelay() {
            super(null, null, null, settings(), new SimpleMeterRegistry(), null);
        }

        @Override
        public void wake() {
            wakes.incrementAndGet();
        }
    }
}
