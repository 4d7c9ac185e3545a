package io.dealflow.harness;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * The machine's own PostgreSQL (the one the end-to-end tests use: TEST_DB_URL, default
 * jdbc:postgresql://127.0.0.1:5432/postgres, user postgres). Restarting it ({@code pg_ctlcluster … restart}) also
 * disturbs everything else that uses it: the harness prefers a {@link PrivatePostgres} for that.
 */
public final class LocalPostgres implements PostgresServer {

    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private LocalPostgres(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** The server, reachable; under CI=true an unreachable one fails the run, elsewhere it skips the test. */
    public static LocalPostgres fromEnvironment() {
        String url = env("TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        URI uri = URI.create(url.substring("jdbc:".length()));
        LocalPostgres server = new LocalPostgres(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                env("TEST_DB_USER", "postgres"), env("TEST_DB_PASSWORD", ""));
        if (!server.accepting()) {
            String message = "PostgreSQL for the harness is not reachable at " + url
                    + ". Start it (see .ci/run) or set TEST_DB_URL/TEST_DB_USER/TEST_DB_PASSWORD.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
        return server;
    }

    @Override public String host() { return host; }
    @Override public int port() { return port; }
    @Override public String user() { return user; }
    @Override public String password() { return password; }

    /** {@code pg_ctlcluster --skip-systemctl-redirect <version> main restart}; needs root on Debian. */
    @Override
    public void restart() {
        String version = clusterVersion();
        try {
            run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"));
        } finally {
            // whatever happened, the server must be up again: other work on this machine needs it
            if (!accepting()) {
                run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"));
            }
            awaitAccepting(Duration.ofSeconds(60));
        }
    }

    private static String clusterVersion() {
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            return versions.map(p -> p.getFileName().toString()).max(String::compareTo)
                    .orElseThrow(() -> new IllegalStateException("no cluster under /etc/postgresql"));
        } catch (IOException e) {
            throw new IllegalStateException("no Debian PostgreSQL cluster here (/etc/postgresql)", e);
        }
    }

    static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
