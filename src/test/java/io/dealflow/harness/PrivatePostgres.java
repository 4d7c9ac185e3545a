package io.dealflow.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the harness's own (initdb into a temporary folder, a free port, trust authentication),
 * so that a run can restart or stop it under load without disturbing anything else on the machine. Runs as the
 * {@code postgres} user when the harness runs as root (PostgreSQL refuses root).
 */
public final class PrivatePostgres implements PostgresServer, AutoCloseable {

    private final Path bin;
    private final Path home;
    private final int port;

    private PrivatePostgres(Path bin, Path home, int port) {
        this.bin = bin;
        this.home = home;
        this.port = port;
    }

    /** Whether the PostgreSQL server binaries (initdb, pg_ctl) are installed here. */
    public static boolean available() {
        return binaries() != null;
    }

    public static PrivatePostgres start(int port) {
        Path bin = binaries();
        if (bin == null) {
            throw new IllegalStateException("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin");
        }
        try {
            Path home = Files.createTempDirectory("dealflow-pg-");
            PrivatePostgres server = new PrivatePostgres(bin, home, port);
            if (isRoot()) {
                LocalPostgres.run(List.of("chown", "postgres:postgres", home.toString()));
            }
            server.pg("initdb", "-D", server.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
            server.pg("pg_ctl", "-D", server.data(), "-l", home.resolve("server.log").toString(), "-w", "-t", "60",
                    "-o", server.options(), "start");
            server.awaitAccepting(Duration.ofSeconds(30));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not prepare a PostgreSQL folder: " + e.getMessage(), e);
        }
    }

    @Override public String host() { return "127.0.0.1"; }
    @Override public int port() { return port; }
    @Override public String user() { return "postgres"; }
    @Override public String password() { return ""; }

    /**
     * A fast restart: open connections are cut, running transactions rolled back. The restarted server writes to
     * the log file: without {@code -l} it would inherit pg_ctl's output pipe and keep it open, and the harness,
     * reading that output to its end, would wait forever.
     */
    @Override
    public void restart() {
        pg("pg_ctl", "-D", data(), "-l", home.resolve("server.log").toString(), "-w", "-t", "60", "-m", "fast",
                "restart");
        awaitAccepting(Duration.ofSeconds(60));
    }

    /** Down for a while: stopped (fast), kept down, started again. */
    public void outage(Duration down) {
        pg("pg_ctl", "-D", data(), "-w", "-t", "60", "-m", "fast", "stop");
        try {
            Await.sleep(down);
        } finally {
            // a start after a stop does not remember the options (a restart does): without them it would try the
            // default port and socket folder, which the machine's own server holds
            pg("pg_ctl", "-D", data(), "-l", home.resolve("server.log").toString(), "-w", "-t", "60", "-o", options(),
                    "start");
            awaitAccepting(Duration.ofSeconds(60));
        }
    }

    @Override
    public void close() {
        try {
            pg("pg_ctl", "-D", data(), "-w", "-t", "60", "-m", "immediate", "stop");
        } catch (IllegalStateException e) {
            // already stopped
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder; the OS cleans it eventually
        }
    }

    private String options() {
        return "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + home
                + " -c fsync=off -c max_connections=200";
    }

    private String data() {
        return home.resolve("data").toString();
    }

    private void pg(String tool, String... args) {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        LocalPostgres.run(command);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(Path::toString)).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
