package io.dealflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.dealflow.inbox.DealEventInbox;
import io.dealflow.inbox.TaskEventInbox;
import io.dealflow.process.CommentLedger;
import io.dealflow.process.CycleRegistry;
import io.dealflow.support.PostgresTestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Every query DealFlow's inboxes, cycle registry and comment ledger send to PostgreSQL, planned by PostgreSQL itself: each one that
 * filters a DealFlow table must be answerable from an index (the planner, with sequential scans discouraged and
 * realistic table statistics, picks one), and the queries the migration V6 was written for use its indexes. The
 * queries are the real ones: the classes run against a connection that asks for the plan of every statement
 * before executing it. A schema of its own keeps the end-to-end tests' background loops out of these tables.
 */
class DatabaseIndexesIT {

    private static final String SCHEMA = "indexes_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    private static Connection connection;
    private static final List<Map.Entry<String, String>> plans = new ArrayList<>();

    @BeforeAll
    static void migrateIntoAFreshSchema() throws Exception {
        PostgresTestDatabase.Connection db = PostgresTestDatabase.get();
        Flyway.configure().dataSource(db.url(), db.username(), db.password()).schemas(SCHEMA)
                .table("dealflow_schema_history").load().migrate();
        connection = DriverManager.getConnection(db.url(), db.username(), db.password());
        try (Statement statement = connection.createStatement()) {
            statement.execute("set search_path to " + SCHEMA);
        }
    }

    @AfterAll
    static void dropTheSchema() throws Exception {
        if (connection != null) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("drop schema " + SCHEMA + " cascade");
            }
            connection.close();
        }
    }

    @Test
    void everyFilteringQueryUsesAnIndexAndTheInboxesUseTheirs() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
        DealEventInbox deals = new DealEventInbox(jdbc);
        TaskEventInbox tasks = new TaskEventInbox(jdbc);
        CycleRegistry cycles = new CycleRegistry(jdbc);
        // realistic statistics: many deals and tasks with a few events each, parked events kept for diagnosis
        jdbc.execute("insert into dealflow_deal_event (deal_id, event_type, received_at, next_attempt_at)"
                + " select g % 5000, 'ONCRMDEALUPDATE', now(), now() - interval '1 minute'"
                + " from generate_series(1, 20000) g");
        jdbc.execute("insert into dealflow_task_event (hubex_task_id, received_at, next_attempt_at, status)"
                + " select g % 5000, now(), now() + interval '1 hour', case when g % 3 = 0 then 'UNMATCHED'"
                + " else 'PENDING' end from generate_series(1, 20000) g");
        jdbc.execute("insert into dealflow_cycle (deal_id, stage_id, stage_entered_at, process_instance_id,"
                + " hubex_task_id, started_at) select g, 'C1:UC_SERVICE', '2026-01-01T10:00:00+03:00', 'pi-' || g,"
                + " g + 100000, now() from generate_series(1, 20000) g");
        jdbc.execute("insert into dealflow_sent_comment (comment_key, bitrix24_comment_id, sent_at)"
                + " select 'pi-' || g || ':Task_AddTaskCreatedComment', g + 900000, now()"
                + " from generate_series(1, 20000) g");
        jdbc.execute("analyze");
        jdbc.execute("set enable_seqscan = off");

        SingleConnectionDataSource explainingSource = new SingleConnectionDataSource(explainingConnection(), true);
        JdbcTemplate explaining = new JdbcTemplate(explainingSource);
        CommentLedger comments = new CommentLedger(explaining, new DataSourceTransactionManager(explainingSource));
        deals = new DealEventInbox(explaining);
        tasks = new TaskEventInbox(explaining);
        cycles = new CycleRegistry(explaining);

        deals.record(4711, "ONCRMDEALUPDATE", "acme.bitrix24.ru");
        DealEventInbox.DueDeal dueDeal = deals.dueDeals(50).get(0);
        deals.postpone(dueDeal, Duration.ofSeconds(2), "Bitrix24 unavailable");
        deals.done(dueDeal);
        tasks.record(List.of(5129L));
        TaskEventInbox.DueTask dueTask = tasks.due(100).get(0);
        tasks.postpone(dueTask, Duration.ofMillis(200), "the cycle is busy");
        tasks.park(dueTask, "no cycle");
        tasks.done(dueTask);
        cycles.register(4711, "C1:UC_SERVICE", "2026-02-01T10:00:00+03:00", "placeholder", null);
        cycles.relink("placeholder", "pi-4711");
        cycles.isRegistered(4711, "C1:UC_SERVICE", "2026-02-01T10:00:00+03:00");
        cycles.registeredEntries(List.of(new io.dealflow.bitrix24.Deal(new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("ID", "4711").put("STAGE_ID", "C1:UC_SERVICE"))));
        cycles.markTaskCreateTried("pi-4711");
        cycles.attachTask("pi-4711", 5129);
        cycles.processOfTask(5129);
        cycles.tasksOfOtherCycles(4711, "pi-4711");
        comments.entry("pi-4711:Task_AddTaskCreatedComment");
        String key = "pi-new:Task_AddTaskCreatedComment";
        comments.recordTried(key, java.time.Instant.now().plusSeconds(90));
        comments.recordSent(key, 955);
        comments.recorded(List.of(955L, 900017L));

        Map<String, String> filtering = new TreeMap<>();
        plans.stream().filter(p -> p.getKey().contains(" where ")).forEach(p -> filtering.put(p.getKey(), p.getValue()));
        assertThat(filtering).as("planned queries").hasSizeGreaterThanOrEqualTo(17);
        filtering.forEach((sql, plan) -> assertThat(plan).as("plan of %s", sql).doesNotContain("Seq Scan"));
        filtering.forEach((sql, plan) -> {
            if (sql.matches("(delete from|update) dealflow_task_event .*")) {
                assertThat(plan).as("plan of %s", sql).contains("dealflow_task_event_task");
            }
            if (sql.matches("(delete from|update) dealflow_deal_event .*")) {
                assertThat(plan).as("plan of %s", sql).contains("dealflow_deal_event_deal_id");
            }
            if (sql.matches(".* where bitrix24_comment_id in .*")) {
                assertThat(plan).as("plan of %s", sql).contains("dealflow_sent_comment_bitrix24_id");
            }
        });
    }

    /** A connection that has PostgreSQL explain every prepared statement, with its parameters, before running it. */
    private static Connection explainingConnection() {
        return (Connection) Proxy.newProxyInstance(DatabaseIndexesIT.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql) {
                        return explaining((PreparedStatement) result, sql);
                    }
                    return result;
                });
    }

    private static PreparedStatement explaining(PreparedStatement statement, String sql) {
        List<Object[]> parameters = new ArrayList<>();
        return (PreparedStatement) Proxy.newProxyInstance(DatabaseIndexesIT.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("set") && args != null && args.length >= 2
                            && args[0] instanceof Integer) {
                        parameters.add(new Object[] {method, args});
                    }
                    if (method.getName().startsWith("execute")) {
                        plans.add(Map.entry(sql, explain(sql, parameters)));
                    }
                    return invoke(statement, method, args);
                });
    }

    private static String explain(String sql, List<Object[]> parameters) throws Exception {
        try (PreparedStatement explain = connection.prepareStatement("explain " + sql)) {
            for (Object[] call : parameters) {
                ((Method) call[0]).invoke(explain, (Object[]) call[1]);
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
