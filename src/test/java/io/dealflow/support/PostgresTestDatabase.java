package io.dealflow.support;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * A throw-away PostgreSQL database for one test JVM. With a Docker engine: a Testcontainers PostgreSQL. Without
 * one: a fresh database on the local server (TEST_DB_URL, default jdbc:postgresql://127.0.0.1:5432/postgres);
 * the next run drops it. Under CI=true an unreachable database fails the run instead of skipping it.
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
        // the creation time in the name: a database another run has created but not connected to yet is young
        String database = "dealflow_test_t" + System.currentTimeMillis() / 1000 + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (java.sql.Connection admin = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = admin.createStatement()) {
            dropAbandoned(statement);
            statement.execute("create database " + database);
        } catch (SQLException e) {
            String message = "PostgreSQL for the tests is not reachable at " + adminUrl + " (" + e.getMessage()
                    + "). Start it (see .ci/run) or set TEST_DB_URL/TEST_DB_USER/TEST_DB_PASSWORD.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message, e);
            }
            Assumptions.abort(message);
        }
        int slash = adminUrl.lastIndexOf('/');
        int query = adminUrl.indexOf('?', slash);
        String url = adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
        return new Connection(url, user, password);
    }

    /**
     * Databases of earlier runs that nobody is connected to any more and that are older than an hour - a run that
     * has just created its database may not have connected yet (a slow start on a busy machine). They are not
     * dropped at JVM exit: that would race the application's own shutdown, which still writes to them.
     */
    private static void dropAbandoned(Statement statement) throws SQLException {
        List<String> abandoned = new ArrayList<>();
        long hourAgo = System.currentTimeMillis() / 1000 - 3600;
        try (ResultSet rs = statement.executeQuery("select d.datname from pg_database d"
                + " where d.datname like 'dealflow\\_test\\_t%'"
                + " and not exists (select 1 from pg_stat_activity a where a.datname = d.datname)")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (createdAt(name) < hourAgo) {
                    abandoned.add(name);
                }
            }
        }
        for (String name : abandoned) {
            try {
                statement.execute("drop database if exists \"" + name + "\"");
            } catch (SQLException e) {
                // another run connected to it meanwhile: it is not abandoned
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The creation time (epoch seconds) in a name made by {@link #createOnLocalServer}; MAX_VALUE when none. */
    static long createdAt(String database) {
        int start = "dealflow_test_t".length();
        int end = database.indexOf('_', start);
        try {
            return Long.parseLong(database.substring(start, end < 0 ? database.length() : end));
        } catch (RuntimeException notOurs) {
            return Long.MAX_VALUE;
        }
    }
}
