package io.dealflow.reconciliation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Named positions in the feeds the reconciliation reads ({@code dealflow_cursor}). {@link #lock} takes the row
 * lock of the caller's transaction - the Camunda job's - so two overlapping runs take turns, and a run that fails
 * leaves the cursor where it was together with everything else it wrote.
 */
@Component
public class CursorStore {

    public static final String BITRIX24_STAGE_HISTORY = "bitrix24.stage-history";
    public static final String HUBEX_COMPLETED_TASKS = "hubex.completed-tasks";
    /** Holds the time of the last check of the open tasks; locked so that overlapping checks take turns. */
    public static final String HUBEX_OPEN_TASKS = "hubex.open-tasks";

    private final JdbcTemplate jdbc;

    public CursorStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the cursor until the surrounding transaction ends and returns its value; empty when the feed was never
     * read. Must run inside a transaction (a job, or a TransactionTemplate).
     */
    public Optional<String> lock(String name) {
        List<String> values = select(name);
        if (values.isEmpty()) {
            // the migration creates the known cursors; a new one is created here (a concurrent insert fails the
            // job, whose retry then finds the row)
            jdbc.update("insert into dealflow_cursor (name, cursor_value, updated_at) values (?, null, ?)", name,
                    Timestamp.from(Instant.now()));
            values = select(name);
        }
        return values.stream().filter(v -> v != null && !v.isBlank()).findFirst();
    }

    /** The value without a lock, for diagnosis. */
    public Optional<String> read(String name) {
        return jdbc.queryForList("select cursor_value from dealflow_cursor where name = ?", String.class, name).stream()
                .filter(v -> v != null && !v.isBlank()).findFirst();
    }

    /**
     * When the last reconciliation run succeeded: every successful run saves both cursors, so it is the older of
     * their update times. Empty while either feed was never read.
     */
    public Optional<Instant> lastRunAt() {
        List<Timestamp> updated = jdbc.queryForList("select updated_at from dealflow_cursor where name in (?, ?)"
                + " and cursor_value is not null", Timestamp.class, BITRIX24_STAGE_HISTORY, HUBEX_COMPLETED_TASKS);
        if (updated.size() < 2) {
            return Optional.empty();
        }
        return updated.stream().map(Timestamp::toInstant).min(Instant::compareTo);
    }

    /**
     * When the row was last written. For a feed that was never read that is when DealFlow was installed (the
     * migration wrote the row), or when the row was first locked.
     */
    public Optional<Instant> writtenAt(String name) {
        return jdbc.queryForList("select updated_at from dealflow_cursor where name = ?", Timestamp.class, name)
                .stream().filter(Objects::nonNull).map(Timestamp::toInstant).findFirst();
    }

    public void save(String name, String value) {
        jdbc.update("update dealflow_cursor set cursor_value = ?, updated_at = ? where name = ?", value,
                Timestamp.from(Instant.now()), name);
    }

    private List<String> select(String name) {
        return jdbc.queryForList("select cursor_value from dealflow_cursor where name = ? for update", String.class, name);
    }
}
