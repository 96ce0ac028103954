package io.tocsin.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PostgresTest {

    private final DevStack stack = DevStack.shared();

    @Test
    void connectsToTheTocsinDatabaseOfPostgres17() throws SQLException {
        assertThat(stack.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + stack.postgresPort() + "/tocsin");
        assertThat(stack.reactiveUrl()).isEqualTo("postgresql://127.0.0.1:" + stack.postgresPort() + "/tocsin");
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertThat(single(statement, "select version()")).startsWith("PostgreSQL 17.");
            assertThat(single(statement, "select current_database()")).isEqualTo("tocsin");
            assertThat(single(statement, "show max_connections")).isEqualTo("300");
            assertThat(single(statement, "show listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(single(statement, "show fsync")).isEqualTo("off");
        }
    }

    @Test
    void reportsAvailableContribExtensions() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select name, default_version from pg_available_extensions"
                     + " where name in ('pg_trgm', 'btree_gin', 'pgcrypto', 'citext') order by name")) {
            while (rows.next()) {
                names.add(rows.getString(1) + " " + rows.getString(2));
            }
        }
        System.out.println("[devstack] available extensions: " + names);
        assertThat(names).isNotNull();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.dbUsername(), stack.dbPassword());
    }

    static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
