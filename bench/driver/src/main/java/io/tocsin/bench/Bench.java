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
