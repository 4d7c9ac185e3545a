package io.dealflow.reconciliation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.dealflow.hubex.HubexCompletedTasks;
import io.dealflow.inbox.TaskEventInbox;
import io.dealflow.process.CycleRegistry;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Finds HubEx tasks completed without DealFlow being told (a lost or switched-off webhook) and hands those that
 * belong to an open DealFlow cycle to the task event inbox, exactly as if their webhook had arrived: the correlator
 * tells the waiting cycle, which reads the task and moves on.
 *
 * <p>HubEx lists tasks by creation date, not by completion, so a cursor "last completion seen" could skip a task
 * completed while the pages are read. Each run therefore reads a closed window [from, till] of completion times,
 * with till fixed when the window opens: its contents no longer change, so its pages can be read across several
 * runs (at most max-pages each) without skipping anything. The next window starts hubex-overlap before the last
 * one ended, which covers clock skew between DealFlow and HubEx; a task seen twice is harmless.
 */
@Component
public class HubexTaskReconciler {

    private static final Logger log = LoggerFactory.getLogger(HubexTaskReconciler.class);

    /** What one run did: completed tasks read, tasks handed to the correlator, and whether pages are left. */
    public record Result(int completed, int recorded, boolean more) {
    }

    /**
     * The stored position: the end of the last window read completely, plus the window being read and the next
     * item (1-based) when a run stopped at max-pages. Stored as {@code end} or {@code end|till|nextItem}.
     */
    record Position(Instant end, Instant till, int nextItem) {

        static Position parse(String text) {
            String[] parts = text.strip().split("\\|");
            return parts.length == 3
                    ? new Position(Instant.parse(parts[0]), Instant.parse(parts[1]), Integer.parseInt(parts[2]))
                    : new Position(Instant.parse(parts[0]), null, 1);
        }

        String format() {
            return till == null ? end.toString() : end + "|" + till + "|" + nextItem;
        }
    }

    private final HubexCompletedTasks tasks;
    private final CycleRegistry cycles;
    private final RuntimeService runtimeService;
    private final TaskEventInbox inbox;
    private final CursorStore cursors;
    private final ReconciliationProperties properties;
    private final Clock clock;

    @Autowired
    public HubexTaskReconciler(HubexCompletedTasks tasks, CycleRegistry cycles, RuntimeService runtimeService,
                               TaskEventInbox inbox, CursorStore cursors, ReconciliationProperties properties) {
        this(tasks, cycles, runtimeService, inbox, cursors, properties, Clock.systemUTC());
    }

    HubexTaskReconciler(HubexCompletedTasks tasks, CycleRegistry cycles, RuntimeService runtimeService,
                        TaskEventInbox inbox, CursorStore cursors, ReconciliationProperties properties, Clock clock) {
        this.tasks = tasks;
        this.cycles = cycles;
        this.runtimeService = runtimeService;
        this.inbox = inbox;
        this.cursors = cursors;
        this.properties = properties;
        this.clock = clock;
    }

    /** One run, inside the caller's transaction (the job's): the cursor moves only if everything is stored. */
    public Result run() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Optional<String> cursor = cursors.lock(CursorStore.HUBEX_COMPLETED_TASKS);
        Position position;
        if (cursor.isPresent()) {
            position = Position.parse(cursor.get());
        } else {
            // A webhook lost before the very first run (a node that crashed early, HubEx unreachable) must still be
            // found: the first run reads from the start of the oldest cycle that waits for its task, if any.
            Optional<Instant> oldest = cycles.oldestOpenCycleWithTask();
            if (oldest.isEmpty()) {
                cursors.save(CursorStore.HUBEX_COMPLETED_TASKS, new Position(now, null, 1).format());
                log.info("Reconciliation (first run): HubEx completions are read from {} on", now);
                return new Result(0, 0, false);
            }
            position = new Position(oldest.get().truncatedTo(ChronoUnit.SECONDS), null, 1);
            log.info("Reconciliation (first run): HubEx completions are read from {} on, when the oldest cycle that"
                    + " waits for its task started", position.end());
        }
        Instant from = position.end().minus(properties.getHubexOverlap());
        Instant till = position.till() != null ? position.till() : now;
        int next = position.till() != null ? position.nextItem() : 1;
        int size = properties.getHubexPageSize();
        Set<Long> completed = new LinkedHashSet<>();
        boolean more = false;
        for (int page = 0; page < properties.getMaxPages(); page++) {
            Map<Long, ?> found = tasks.page(from, till, next, next + size - 1);
            completed.addAll(found.keySet());
            next += size;
            more = found.size() >= size;
            if (!more) {
                break;
            }
        }
        List<Long> waiting = ofOpenCycles(completed);
        if (!waiting.isEmpty()) {
            inbox.record(waiting);
            log.info("Reconciliation: {} HubEx task(s) of open cycles completed without a webhook reaching"
                    + " DealFlow: {}", waiting.size(), waiting);
        }
        Position after = more ? new Position(position.end(), till, next) : new Position(till, null, 1);
        cursors.save(CursorStore.HUBEX_COMPLETED_TASKS, after.format());
        if (more) {
            log.info("Reconciliation: read {} pages of HubEx completions (dealflow.reconciliation.max-pages); the next"
                    + " run continues at item {} of the window up to {}", properties.getMaxPages(), next, till);
        }
        return new Result(completed.size(), waiting.size(), more);
    }

    /** The tasks that a DealFlow cycle created and whose cycle is still running. */
    private List<Long> ofOpenCycles(Set<Long> taskIds) {
        Map<Long, String> instanceOfTask = new LinkedHashMap<>();
        for (Long taskId : taskIds) {
            cycles.processOfTask(taskId).ifPresent(instance -> instanceOfTask.put(taskId, instance));
        }
        if (instanceOfTask.isEmpty()) {
            return List.of();
        }
        Set<String> running = new HashSet<>();
        for (ProcessInstance instance : runtimeService.createProcessInstanceQuery()
                .processInstanceIds(new HashSet<>(instanceOfTask.values())).list()) {
            running.add(instance.getId());
        }
        List<Long> open = new ArrayList<>();
        instanceOfTask.forEach((taskId, instance) -> {
            if (running.contains(instance)) {
                open.add(taskId);
            }
        });
        return open;
    }
}
