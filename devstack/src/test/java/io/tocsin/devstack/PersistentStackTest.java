package io.tocsin.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stack with a data folder (like the local suite, but on random ports) keeps its data and keys. */
class PersistentStackTest {

    @TempDir
    Path dir;

    @Test
    void keepsDatabaseJournalAndKeysBetweenRuns() throws SQLException {
        Path data = dir.resolve("data");
        String command = "kept-" + UUID.randomUUID();
        SigningKeys keys;
        try (DevStack stack = DevStack.start(new DevStackOptions(0, 0, data))) {
            assertThat(stack.dataDir()).isEqualTo(data.toAbsolutePath());
            assertThat(data.resolve("keys/private.pem")).exists();
            keys = stack.signingKeys();
            try (Connection connection = connect(stack); Statement statement = connection.createStatement()) {
                assertThat(PostgresTest.single(statement, "show fsync")).isEqualTo("on");
                statement.execute("create schema kept");
                statement.execute("create table kept.t(v text)");
                statement.execute("insert into kept.t values ('hello')");
            }
            try (AmqpTestClient amqp = new AmqpTestClient(stack)) {
                amqp.send(Topology.COMMANDS, command);
            }
            assertThatThrownBy(() -> DevStack.start(new DevStackOptions(stack.postgresPort(), 0, dir.resolve("x"))))
                    .hasMessageContaining("already in use");
        }

        try (DevStack again = DevStack.start(new DevStackOptions(0, 0, data))) {
            assertThat(again.signingKeys()).isEqualTo(keys);
            try (Connection connection = connect(again); Statement statement = connection.createStatement()) {
                assertThat(PostgresTest.single(statement, "select v from kept.t")).isEqualTo("hello");
            }
            try (AmqpTestClient amqp = new AmqpTestClient(again)) {
                assertThat(amqp.receive(Topology.COMMANDS, true).await(command).bodyAsString()).isEqualTo(command);
            }
        }
        assertThat(data.resolve("postgres/PG_VERSION")).exists();
    }

    private static Connection connect(DevStack stack) throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.dbUsername(), stack.dbPassword());
    }
}
