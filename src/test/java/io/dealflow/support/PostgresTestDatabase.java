package io.dealflow.support;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * A throw-away PostgreSQL database for one test JVM. With a Docker engine: a Testcontainers PostgreSQL. Without
 * one: a fresh database on the local server (TEST_DB_URL, default jdbc:postgresql://127.0.0.1:5432/postgres),
 * dropped when the JVM exits. Under CI=true an unreachable database fails the run instead of skipping it.
 */
public final class PostgresTestDatabase {

    public record Connection(String url, String username, String password) {
    }

    private static Connection connection;

    private PostgresTestDatabase() {
    }

    public static synchronized Connection get() {
        if (connection == null) {
            connection = dockerAvailable() ? startContainer() : createOnLocalServer();
        }
        return connection;
    }

    private static boolean dockerAvailable() {
        boolean engineHinted = System.getenv("DOCKER_HOST") != null || new File("/var/run/docker.sock").exists();
        if (!engineHinted || System.getenv("TEST_DB_URL") != null) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    private static Connection startContainer() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:15-alpine");
        container.start();
        return new Connection(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    private static Connection createOnLocalServer() {
        String adminUrl = env("TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = env("TEST_DB_USER", "postgres");
        String password = env("TEST_DB_PASSWORD", "");
        String database = "dealflow_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (java.sql.Connection admin = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = admin.createStatement()) {
            statement.execute("create database " + database);
        } catch (SQLException e) {
            String message = "PostgreSQL for the tests is not reachable at " + adminUrl + " (" + e.getMessage()
                    + "). Start it (see .ci/run) or set TEST_DB_URL/TEST_DB_USER/TEST_DB_PASSWORD.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message, e);
            }
            Assumptions.abort(message);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(adminUrl, user, password, database)));
        int slash = adminUrl.lastIndexOf('/');
        int query = adminUrl.indexOf('?', slash);
        String url = adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
        return new Connection(url, user, password);
    }

    private static void drop(String adminUrl, String user, String password, String database) {
        try (java.sql.Connection admin = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + database + " with (force)");
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + database + ": " + e.getMessage());
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
