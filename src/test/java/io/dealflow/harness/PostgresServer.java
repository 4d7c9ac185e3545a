package io.dealflow.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * A fresh, empty database. Not named like the end-to-end tests' databases: their clean-up drops any that nobody
     * is connected to, which is exactly the state of a harness database while its only node is killed. Harness
     * databases carry their creation time instead; those left behind by a run are dropped after three hours.
     */
    default String createDatabase() {
        dropAbandonedDatabases();
        String name = HARNESS_DATABASE_PREFIX + Instant.now().getEpochSecond() + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        execute("create database " + name);
        return name;
    }

    String HARNESS_DATABASE_PREFIX = "dealflow_harness_";

    private void dropAbandonedDatabases() {
        long cutoff = Instant.now().minus(Duration.ofHours(3)).getEpochSecond();
        List<String> names = new ArrayList<>();
        try (Connection admin = DriverManager.getConnection(jdbcUrl("postgres"), user(), password());
             Statement statement = admin.createStatement();
             ResultSet rs = statement.executeQuery("select datname from pg_database where datname like '"
                     + HARNESS_DATABASE_PREFIX + "%'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            return;
        }
        for (String name : names) {
            String[] parts = name.substring(HARNESS_DATABASE_PREFIX.length()).split("_");
            if (parts.length == 2 && parts[0].matches("\\d+") && Long.parseLong(parts[0]) < cutoff) {
                try {
                    dropDatabase(name);
                } catch (IllegalStateException e) {
                    // in use or gone meanwhile
                }
            }
        }
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
