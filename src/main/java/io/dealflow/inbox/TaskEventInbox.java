package io.dealflow.inbox;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Durable store of HubEx "task N changed" calls until the waiting process has been told. */
@Component
public class TaskEventInbox {

    public static final String PENDING = "PENDING";
    /** No cycle knows the task (not created by DealFlow, or its cycle is gone). Kept for diagnosis. */
    public static final String UNMATCHED = "UNMATCHED";

    public record DueTask(long hubexTaskId, long lastEventId, int attempts, Instant firstReceivedAt) {
    }

    private final JdbcTemplate jdbc;
    private final DispatchSignal signal = new DispatchSignal();

    public TaskEventInbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(List<Long> taskIds) {
        Timestamp now = Timestamp.from(Instant.now());
        for (Long taskId : taskIds) {
            jdbc.update("insert into dealflow_task_event (hubex_task_id, received_at, next_attempt_at, status)"
                    + " values (?, ?, ?, ?)", taskId, now, now, PENDING);
        }
        signal.wake();
    }

    public List<DueTask> due(int limit) {
        return jdbc.query("select hubex_task_id, max(id) as last_id, max(attempts) as attempts,"
                        + " min(received_at) as first_at from dealflow_task_event"
                        + " where status = ? and next_attempt_at <= ? group by hubex_task_id order by min(id) limit ?",
                (rs, i) -> new DueTask(rs.getLong("hubex_task_id"), rs.getLong("last_id"), rs.getInt("attempts"),
                        rs.getTimestamp("first_at").toInstant()),
                PENDING, Timestamp.from(Instant.now()), limit);
    }

    /** The events are handled; returns how many events that were. */
    public int done(DueTask task) {
        return jdbc.update("delete from dealflow_task_event where hubex_task_id = ? and id <= ? and status = ?",
                task.hubexTaskId(), task.lastEventId(), PENDING);
    }

    public void postpone(DueTask task, Duration delay, String reason) {
        jdbc.update("update dealflow_task_event set attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                        + " where hubex_task_id = ? and id <= ? and status = ?",
                Timestamp.from(Instant.now().plus(delay)), DealEventInbox.truncate(reason, 1000),
                task.hubexTaskId(), task.lastEventId(), PENDING);
    }

    /** Parks the events as UNMATCHED; returns how many events that were. */
    public int park(DueTask task, String reason) {
        return jdbc.update("update dealflow_task_event set status = ?, last_error = ? where hubex_task_id = ? and id <= ?"
                + " and status = ?", UNMATCHED, DealEventInbox.truncate(reason, 1000), task.hubexTaskId(),
                task.lastEventId(), PENDING);
    }

    public int count(String status) {
        Integer count = jdbc.queryForObject("select count(*) from dealflow_task_event where status = ?",
                Integer.class, status);
        return count == null ? 0 : count;
    }

    DispatchSignal signal() {
        return signal;
    }
}
