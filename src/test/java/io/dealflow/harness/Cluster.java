package io.dealflow.harness;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dealflow.support.FreePort;

/**
 * One run's world: the simulators, one or more DealFlow nodes sharing one fresh PostgreSQL database, every
 * Bitrix24 event and HubEx webhook delivered to every node. Logs go to {@code target/reliability/<name>/}.
 */
public final class Cluster implements AutoCloseable {

    public static final Duration NODE_START = Duration.ofSeconds(180);

    private final Path directory;
    private final PostgresServer server;
    private final String database;
    /**
     * Open from creation to close: the test suites drop every {@code dealflow_test_*} database nobody is connected
     * to (their clean-up of abandoned runs), and until the first node connects nobody else would be.
     */
    private final Connection keeper;
    private final DealFlowDatabase dealflowDatabase;
    private final Simulators simulators;
    private final List<DealFlowNode> nodes = new ArrayList<>();

    private Cluster(String name, PostgresServer server, int nodeCount, Map<String, String> nodeSettings,
                    Map<String, String> simulatorSettings, NodeLaunch launch) {
        this.directory = Artifacts.runDirectory(name);
        this.server = server;
        Path jar = Artifacts.jar();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            ports.add(FreePort.find());
        }
        Map<String, String> simulatorsAll = new LinkedHashMap<>();
        // the portal's Enterprise limits: 250 at once, then 5 per second
        simulatorsAll.put("dealflow.sandbox.bitrix24.bucket-size", "250");
        simulatorsAll.put("dealflow.sandbox.bitrix24.drain-per-second", "5");
        simulatorsAll.putAll(simulatorSettings);
        this.simulators = new Simulators(jar, directory, FreePort.find(),
                ports.stream().map(p -> "http://127.0.0.1:" + p).toList(), simulatorsAll,
                launch.simulatorJvmOptions());
        this.database = server.createDatabase();
        this.keeper = connect(server, database);
        this.dealflowDatabase = new DealFlowDatabase(server, database);
        Map<String, String> settings = DealFlowNode.settings(simulators, server, database);
        // Bitrix24 counts per portal: every node takes its requests from the one bucket in the shared database
        // (dealflow.rate-limits.scope auto on PostgreSQL), so each is configured with the portal's whole limit
        settings.putAll(nodeSettings);
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(new DealFlowNode("node-" + (char) ('a' + i), jar, directory, ports.get(i), settings, launch));
        }
    }

    /**
     * Starts the simulators, then the nodes one after the other: the first creates the schema (Camunda's schema
     * creation is not safe against a second node doing the same at the same moment).
     */
    public static Cluster start(String name, PostgresServer server, int nodeCount, Map<String, String> nodeSettings,
                                Map<String, String> simulatorSettings) {
        return start(name, server, nodeCount, nodeSettings, simulatorSettings, NodeLaunch.DEFAULT);
    }

    /** The same, with the nodes' JVMs started as {@code launch} says. */
    public static Cluster start(String name, PostgresServer server, int nodeCount, Map<String, String> nodeSettings,
                                Map<String, String> simulatorSettings, NodeLaunch launch) {
        Cluster cluster = new Cluster(name, server, nodeCount, nodeSettings, simulatorSettings, launch);
        try {
            cluster.simulators.start(Duration.ofSeconds(90));
            for (DealFlowNode node : cluster.nodes) {
                node.start(NODE_START);
            }
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    public Simulators simulators() {
        return simulators;
    }

    public List<DealFlowNode> nodes() {
        return nodes;
    }

    public DealFlowNode node(int index) {
        return nodes.get(index);
    }

    public DealFlowDatabase database() {
        return dealflowDatabase;
    }

    public PostgresServer server() {
        return server;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        for (DealFlowNode node : nodes) {
            try {
                node.stop();
            } catch (RuntimeException e) {
                // the others are stopped all the same
            }
        }
        try {
            simulators.close();
        } finally {
            try {
                closeQuietly(keeper);
                server.dropDatabase(database);
            } catch (RuntimeException e) {
                // left for the next run's clean-up of abandoned test databases
            }
        }
    }

    private static Connection connect(PostgresServer server, String database) {
        try {
            return DriverManager.getConnection(server.jdbcUrl(database), server.user(), server.password());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the new database " + database + ": " + e.getMessage(),
                    e);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // dropped with force right after
        }
    }
}
