package io.tocsin.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What every scenario needs: the suite's ports (default ports plus the bench offset), its data
 * folder, the reference tools, the run's mode, and shared clients.
 */
final class Bench implements AutoCloseable {

    /** Full runs measure; smoke runs only prove that every scenario still works (a few seconds each). */
    enum Mode {
        FULL, SMOKE
    }

    final Path root;
    final Path data;
    final Path work;
    final Mode mode;
    final int offset;
    final Optional<Path> wrk;
    final Optional<Path> alertmanager;
    final Optional<Path> pgbench;
    final String runId = Long.toString(System.currentTimeMillis(), 36);
    final Vertx vertx;
    final Tokens tokens;
    final Http gateway;
    final Http incidentDirect;

    Bench(Path root, Path data, Path work, Mode mode, int offset, Optional<Path> wrk, Optional<Path> alertmanager,
            Optional<Path> pgbench) {
        this.root = root;
        this.data = data;
        this.work = work;
        this.mode = mode;
        this.offset = offset;
        this.wrk = wrk;
        this.alertmanager = alertmanager;
        this.pgbench = pgbench;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4));
        this.tokens = new Tokens(data);
        this.gateway = new Http(vertx, gatewayPort(), 64);
        this.incidentDirect = new Http(vertx, incidentPort(), 64);
    }

    int gatewayPort() {
        return 8080 + offset;
    }

    int incidentPort() {
        return 8081 + offset;
    }

    int autodraftPort() {
        return 8082 + offset;
    }

    int notifierPort() {
        return 8083 + offset;
    }

    int pgPort() {
        return 5433 + offset;
    }

    int amqpPort() {
        return 5673 + offset;
    }

    /** The PagerDuty-shaped sink; bench/run.sh points the notifier's PAGERDUTY_EVENTS_URL at it. */
    int sinkPort() {
        return 8088 + offset;
    }

    int alertmanagerPort() {
        return 8089 + offset;
    }

    int bareAppPort() {
        return 8087 + offset;
    }

    boolean full() {
        return mode == Mode.FULL;
    }

    /** {@code full} seconds in a full run, {@code smoke} seconds in a smoke run. */
    Duration seconds(int full, int smoke) {
        return Duration.ofSeconds(full() ? full : smoke);
    }

    /**
     * Waits until the suite has caught up with earlier load — no unsent outbox row, no inbox row processed in the
     * last 2 s, no due delivery — so that a scenario does not measure the previous one's backlog. At most
     * {@code limit}; answers the seconds waited.
     */
    double awaitQuiet(java.time.Duration limit) throws Exception {
        String recent = " WHERE processed_at > now() - interval '2 seconds')";
        String sql = "SELECT (SELECT count(*) FROM incident.outbox WHERE sent_at IS NULL)"
                + " + (SELECT count(*) FROM autodraft.outbox WHERE sent_at IS NULL)"
                + " + (SELECT count(*) FROM notifier.outbox WHERE sent_at IS NULL)"
                + " + (SELECT count(*) FROM incident.inbox" + recent + " + (SELECT count(*) FROM autodraft.inbox" + recent
                + " + (SELECT count(*) FROM notifier.inbox" + recent
                + " + (SELECT count(*) FROM notifier.deliveries WHERE status = 'pending' AND next_attempt_at <= now())";
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        try (Connection c = jdbc(); java.sql.Statement q = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (java.sql.ResultSet rs = q.executeQuery(sql)) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        break;
                    }
                }
                Thread.sleep(500);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    Connection jdbc() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort() + "/tocsin", "postgres", "postgres");
    }

    String ownerToken(String org) {
        return tokens.external(org, List.of("owner"));
    }

    static void log(String format, Object... args) {
        System.err.printf("[bench] " + format + "%n", args);
    }

    @Override
    public void close() {
        gateway.close();
        incidentDirect.close();
        Http.await(vertx.close(), Duration.ofSeconds(10));
    }
}
