package io.dealflow.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/** A PostgreSQL server the harness creates its databases on, and may restart under load. */
public interface PostgresServer {

    String host();

    int port();

    String user();

    String password();

    /** Restarts the server and returns once it accepts connections again. */
    void restart();

    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A fresh, empty database; named like the test databases, so that a later run drops it if it is left. */
    default String createDatabase() {
        String name = "dealflow_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("create database " + name);
        return name;
    }

    default void dropDatabase(String name) {
        execute("drop database if exists " + name + " with (force)");
    }

    default boolean accepting() {
        try (Connection ignored = DriverManager.getConnection(jdbcUrl("postgres"), user(), password())) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    default void awaitAccepting(Duration timeout) {
        Await.until("PostgreSQL at " + host() + ":" + port() + " to accept connections", timeout,
                Duration.ofMillis(200), this::accepting);
    }

    private void execute(String sql) {
        try (Connection admin = DriverManager.getConnection(jdbcUrl("postgres"), user(), password());
             Statement statement = admin.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + host() + ":" + port() + ": " + e.getMessage(), e);
        }
    }
}
