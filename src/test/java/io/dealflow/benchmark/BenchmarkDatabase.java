package io.dealflow.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.dealflow.harness.Cluster;

/**
 * The benchmark's look into the node's database over one connection of its own: which cycles have a HubEx task
 * (the technician's cue), which have ended, and when each cycle's milestones happened - Camunda's history keeps
 * the end time of every activity to the millisecond.
 */
final class BenchmarkDatabase implements AutoCloseable {

    /** The task-created and deal-updated moments of one cycle, epoch milliseconds (0: not yet). */
    record Milestones(long taskCreated, long dealUpdated) {
    }

    static final String TASK_CREATED_ACTIVITY = "Task_CreateHubexTask";
    static final String DEAL_UPDATED_ACTIVITY = "Task_UpdateDeal";

    private final Connection connection;
    /** Queries this connection ran, each a transaction of its own (auto-commit). */
    private long ownQueries;

    BenchmarkDatabase(Cluster cluster) {
        this.connection = connect(cluster, Duration.ofSeconds(60));
    }

    /** Retries a while: on a shared server the connection slots can all be taken for a moment. */
    private static Connection connect(Cluster cluster, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return DriverManager.getConnection(cluster.server().jdbcUrl(cluster.database().name())
                        + "?connectTimeout=5", cluster.server().user(), cluster.server().password());
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot connect to the benchmark database: " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", interrupted);
                }
            }
        }
    }

    /** Deal ID → HubEx task ID of every cycle that has its task. */
    synchronized Map<Long, Long> tasksByDeal() {
        Map<Long, Long> tasks = new HashMap<>();
        query("select deal_id, hubex_task_id from dealflow_cycle where hubex_task_id is not null",
                rs -> tasks.put(rs.getLong(1), rs.getLong(2)));
        return tasks;
    }

    /** Deal IDs (business keys) of the service cycles that reached an end event. */
    synchronized Set<Long> endedCycles() {
        Set<Long> ended = new HashSet<>();
        query("select business_key_ from act_hi_procinst where end_time_ is not null"
                + " and proc_def_key_ like 'deal-service%'", rs -> ended.add(Long.parseLong(rs.getString(1))));
        return ended;
    }

    synchronized int endedCount() {
        return count("select count(*) from act_hi_procinst where end_time_ is not null"
                + " and proc_def_key_ like 'deal-service%'");
    }

    /** Deal ID → registered cycles (stage entries). */
    synchronized Map<Long, Integer> cyclesPerDeal() {
        Map<Long, Integer> cycles = new HashMap<>();
        query("select deal_id, count(*) from dealflow_cycle group by deal_id",
                rs -> cycles.put(rs.getLong(1), rs.getInt(2)));
        return cycles;
    }

    /** Process IDs of the PostgreSQL backends serving this database (the node's pool, and this connection). */
    synchronized List<Long> backendPids() {
        List<Long> pids = new ArrayList<>();
        query("select pid from pg_stat_activity where datname = current_database()", rs -> pids.add(rs.getLong(1)));
        return pids;
    }

    /**
     * Rows inserted, updated and deleted so far, by table, from PostgreSQL's statistics. A backend reports its
     * counts when it goes idle, at most once a second, so a reading can miss the last second's rows; over a phase
     * of a minute that is within a few per cent. This connection only reads.
     */
    synchronized Map<String, Long> rowsWrittenByTable() {
        Map<String, Long> rows = new TreeMap<>();
        query("select relname, n_tup_ins + n_tup_upd + n_tup_del from pg_stat_user_tables",
                rs -> rows.put(rs.getString(1), rs.getLong(2)));
        return rows;
    }

    /**
     * Transactions the node's database ended so far (committed or rolled back), from PostgreSQL's statistics, less
     * this connection's own: each of its queries is one. Reported by the backends like the rows, at most a second
     * late.
     */
    synchronized long transactionsSoFar() {
        List<Long> ended = new ArrayList<>();
        query("select xact_commit + xact_rollback from pg_stat_database where datname = current_database()",
                rs -> ended.add(rs.getLong(1)));
        return (ended.isEmpty() ? 0 : ended.get(0)) - ownQueries;
    }

    synchronized int pendingDealEvents() {
        return count("select count(*) from dealflow_deal_event");
    }

    synchronized int openIncidents() {
        return count("select count(*) from act_ru_incident");
    }

    /** When each cycle created its HubEx task and moved its deal on, by deal ID. */
    synchronized Map<Long, Milestones> milestones() {
        Map<Long, long[]> times = new HashMap<>();
        query("select p.business_key_, a.act_id_, a.end_time_ from act_hi_actinst a"
                + " join act_hi_procinst p on p.id_ = a.proc_inst_id_"
                + " where a.act_id_ in ('" + TASK_CREATED_ACTIVITY + "', '" + DEAL_UPDATED_ACTIVITY + "')"
                + " and a.end_time_ is not null", rs -> {
                    long[] slot = times.computeIfAbsent(Long.parseLong(rs.getString(1)), k -> new long[2]);
                    Timestamp end = rs.getTimestamp(3);
                    slot[TASK_CREATED_ACTIVITY.equals(rs.getString(2)) ? 0 : 1] = end.getTime();
                });
        Map<Long, Milestones> milestones = new HashMap<>();
        times.forEach((deal, t) -> milestones.put(deal, new Milestones(t[0], t[1])));
        return milestones;
    }

    /**
     * Where a cycle's event → task time went, epoch milliseconds per deal: the event stored by the node, the cycle
     * started, "Load deal" picked up by the job executor and ended, "Create HubEx task" picked up and ended (0: not
     * yet). An activity behind an asynchronous continuation starts in history when its job runs.
     */
    synchronized Map<Long, long[]> eventPath() {
        Map<Long, long[]> path = new HashMap<>();
        query("select c.deal_id, c.event_received_at, p.start_time_,"
                + " min(l.start_time_), max(l.end_time_), min(t.start_time_), max(t.end_time_)"
                + " from dealflow_cycle c join act_hi_procinst p on p.id_ = c.process_instance_id"
                + " left join act_hi_actinst l on l.proc_inst_id_ = p.id_ and l.act_id_ = 'Task_LoadDeal'"
                + " left join act_hi_actinst t on t.proc_inst_id_ = p.id_ and t.act_id_ = '" + TASK_CREATED_ACTIVITY
                + "' group by c.deal_id, c.event_received_at, p.start_time_", rs -> {
                    long[] moments = new long[6];
                    for (int i = 0; i < 6; i++) {
                        Timestamp at = rs.getTimestamp(i + 2);
                        moments[i] = at == null ? 0 : at.getTime();
                    }
                    path.put(rs.getLong(1), moments);
                });
        return path;
    }

    @FunctionalInterface
    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private int count(String sql) {
        List<Integer> value = new ArrayList<>();
        query(sql, rs -> value.add(rs.getInt(1)));
        return value.isEmpty() ? 0 : value.get(0);
    }

    private void query(String sql, Row row) {
        ownQueries++;
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                row.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("benchmark query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the database is dropped with the cluster anyway
        }
    }
}
