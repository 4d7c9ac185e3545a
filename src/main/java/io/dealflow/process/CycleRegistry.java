package io.dealflow.process;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.dealflow.bitrix24.Deal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One row per entry of a deal into a trigger stage, keyed by (deal, stage, MOVED_TIME). The unique key is what
 * turns many events - repeated, concurrent, echoed, from several nodes - into exactly one cycle.
 */
@Component
public class CycleRegistry {

    private final JdbcTemplate jdbc;

    public CycleRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Fails with DuplicateKeyException when this entry has a cycle already. {@code eventReceivedAt}: when the
     * event behind the start was stored (null for a backfill), for the event → task latency.
     */
    public void register(long dealId, String stageId, String stageEnteredAt, String processInstanceId,
                         Instant eventReceivedAt) {
        jdbc.update("insert into dealflow_cycle (deal_id, stage_id, stage_entered_at, process_instance_id, started_at,"
                + " event_received_at) values (?, ?, ?, ?, ?, ?)", dealId, stageId, stageEnteredAt, processInstanceId,
                Timestamp.from(Instant.now()), eventReceivedAt == null ? null : Timestamp.from(eventReceivedAt));
    }

    /** Replaces the placeholder ID written by {@link #register} once the engine has named the instance. */
    public void relink(String placeholderId, String processInstanceId) {
        jdbc.update("update dealflow_cycle set process_instance_id = ? where process_instance_id = ?",
                processInstanceId, placeholderId);
    }

    /**
     * Which of these stage entries (deal, stage, MOVED_TIME) have a cycle: one query for all of them, so that a
     * dispatcher pass of up to 50 deals asks once. Returns {@link #entryKey} of each registered one.
     */
    public Set<String> registeredEntries(Collection<Deal> deals) {
        if (deals.isEmpty()) {
            return Set.of();
        }
        Set<String> asked = new HashSet<>();
        deals.forEach(deal -> asked.add(entryKey(deal.id(), deal.stageId(), deal.movedTime())));
        List<Long> ids = deals.stream().map(Deal::id).distinct().toList();
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        Set<String> registered = new HashSet<>();
        jdbc.query("select deal_id, stage_id, stage_entered_at from dealflow_cycle where deal_id in (" + marks + ")",
                rs -> {
                    String key = entryKey(rs.getLong(1), rs.getString(2), rs.getString(3));
                    if (asked.contains(key)) {
                        registered.add(key);
                    }
                }, ids.toArray());
        return registered;
    }

    /** The key of one stage entry in {@link #registeredEntries}. */
    public static String entryKey(long dealId, String stageId, String stageEnteredAt) {
        return dealId + "|" + stageId + "|" + stageEnteredAt;
    }

    public boolean isRegistered(long dealId, String stageId, String stageEnteredAt) {
        Integer count = jdbc.queryForObject("select count(*) from dealflow_cycle where deal_id = ? and stage_id = ?"
                + " and stage_entered_at = ?", Integer.class, dealId, stageId, stageEnteredAt);
        return count != null && count > 0;
    }

    public void attachTask(String processInstanceId, long hubexTaskId) {
        jdbc.update("update dealflow_cycle set hubex_task_id = ? where process_instance_id = ?",
                hubexTaskId, processInstanceId);
    }

    /** When the event that started this cycle was stored; empty for cycles started without one. */
    public Optional<Instant> eventReceivedAt(String processInstanceId) {
        return instant("select event_received_at from dealflow_cycle where process_instance_id = ?",
                processInstanceId);
    }

    /** Notes when the HubEx change about to be delivered to the cycle was stored. */
    public void noteTaskEvent(String processInstanceId, Instant receivedAt) {
        jdbc.update("update dealflow_cycle set task_event_received_at = ? where process_instance_id = ?",
                Timestamp.from(receivedAt), processInstanceId);
    }

    /** When the last HubEx change delivered to the cycle was stored; empty before the first. */
    public Optional<Instant> taskEventReceivedAt(String processInstanceId) {
        return instant("select task_event_received_at from dealflow_cycle where process_instance_id = ?",
                processInstanceId);
    }

    private Optional<Instant> instant(String sql, String processInstanceId) {
        return jdbc.queryForList(sql, Timestamp.class, processInstanceId).stream()
                .filter(java.util.Objects::nonNull).map(Timestamp::toInstant).findFirst();
    }

    /** Marks that a create call is (about to be) sent, and tells whether an earlier attempt was made. */
    public boolean markTaskCreateTried(String processInstanceId) {
        Boolean before = jdbc.query("select task_create_tried from dealflow_cycle where process_instance_id = ?",
                rs -> rs.next() ? rs.getBoolean(1) : Boolean.FALSE, processInstanceId);
        jdbc.update("update dealflow_cycle set task_create_tried = ? where process_instance_id = ?",
                true, processInstanceId);
        return Boolean.TRUE.equals(before);
    }

    public Optional<String> processOfTask(long hubexTaskId) {
        List<String> ids = jdbc.queryForList("select process_instance_id from dealflow_cycle where hubex_task_id = ?",
                String.class, hubexTaskId);
        return ids.stream().findFirst();
    }

    /**
     * When the oldest cycle started that has a HubEx task and is still running: no completion of a task DealFlow
     * still waits for can be older. Read from the engine's runtime table, where a running instance has its row.
     */
    public Optional<Instant> oldestOpenCycleWithTask() {
        Timestamp oldest = jdbc.queryForObject("select min(c.started_at) from dealflow_cycle c"
                + " where c.hubex_task_id is not null"
                + " and exists (select 1 from act_ru_execution e where e.id_ = c.process_instance_id)", Timestamp.class);
        return Optional.ofNullable(oldest).map(Timestamp::toInstant);
    }

    /** HubEx tasks that belong to the deal's other cycles: a look-up by erpID must not pick them. */
    public List<Long> tasksOfOtherCycles(long dealId, String processInstanceId) {
        return jdbc.queryForList("select hubex_task_id from dealflow_cycle where deal_id = ?"
                + " and hubex_task_id is not null and process_instance_id <> ?", Long.class, dealId, processInstanceId);
    }

    /** A cycle's HubEx task and when the reconciliation last read it (null: never). */
    public record OpenTask(String processInstanceId, long hubexTaskId, Instant checkedAt) {
    }

    /**
     * The tasks of these cycles, those read least recently (or never) first, at most {@code limit}. The IDs are
     * queried in chunks, so any number of waiting cycles can be passed.
     */
    public List<OpenTask> tasksToCheck(Collection<String> processInstanceIds, int limit) {
        List<OpenTask> tasks = new ArrayList<>();
        List<String> ids = List.copyOf(processInstanceIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            tasks.addAll(jdbc.query("select process_instance_id, hubex_task_id, task_checked_at from dealflow_cycle"
                            + " where hubex_task_id is not null and process_instance_id in (" + marks + ")",
                    (rs, i) -> new OpenTask(rs.getString(1), rs.getLong(2),
                            rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()),
                    chunk.toArray()));
        }
        return tasks.stream()
                .sorted(Comparator.comparing(OpenTask::checkedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(OpenTask::hubexTaskId))
                .limit(limit).toList();
    }

    public void markTaskChecked(long hubexTaskId, Instant checkedAt) {
        jdbc.update("update dealflow_cycle set task_checked_at = ? where hubex_task_id = ?",
                Timestamp.from(checkedAt), hubexTaskId);
    }
}
