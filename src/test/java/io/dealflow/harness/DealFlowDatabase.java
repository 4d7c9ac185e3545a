package io.dealflow.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only look into the database the DealFlow nodes share: cycles, open incidents, what waits in the inboxes.
 * Every look opens its own connection, so it works across a restart of the server.
 */
public final class DealFlowDatabase {

    /** One open incident: where the cycle stopped and why. */
    public record Incident(String activityId, String message) {
    }

    private final PostgresServer server;
    private final String name;

    public DealFlowDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public List<Incident> openIncidents() {
        return query("select activity_id_, incident_msg_ from act_ru_incident order by incident_timestamp_",
                rs -> new Incident(rs.getString(1), rs.getString(2)));
    }

    /** Registered cycles (stage entries) per deal ID. */
    public Map<String, Integer> cyclesPerDeal() {
        Map<String, Integer> cycles = new LinkedHashMap<>();
        query("select deal_id, count(*) from dealflow_cycle group by deal_id",
                rs -> cycles.put(String.valueOf(rs.getLong(1)), rs.getInt(2)));
        return cycles;
    }

    /** Deal service cycles (any DealFlow process keyed by the deal) that reached an end event. */
    public int finishedCycles() {
        return count("select count(*) from act_hi_procinst where end_time_ is not null"
                + " and proc_def_key_ like 'deal-service%'");
    }

    public int runningCycles() {
        return count("select count(*) from act_hi_procinst where end_time_ is null"
                + " and proc_def_key_ like 'deal-service%'");
    }

    /** Deal events stored but not yet handled, and HubEx task events waiting for their cycle. */
    public int pendingEvents() {
        return count("select count(*) from dealflow_deal_event")
                + count("select count(*) from dealflow_task_event where status = 'PENDING'");
    }

    private int count(String sql) {
        List<Integer> counts = query(sql, rs -> rs.getInt(1));
        return counts.isEmpty() ? 0 : counts.get(0);
    }

    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row) {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(name) + "?connectTimeout=5",
                server.user(), server.password());
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rs = statement.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(row.read(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query on " + name + " failed: " + sql + ": " + e.getMessage(), e);
        }
    }
}
