package io.dealflow.reconciliation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.dealflow.hubex.HubexClient;
import io.dealflow.hubex.HubexException;
import io.dealflow.hubex.HubexProperties;
import io.dealflow.hubex.TaskSnapshot;
import io.dealflow.inbox.TaskEventInbox;
import io.dealflow.process.CycleRegistry;
import io.dealflow.process.CycleRegistry.OpenTask;
import io.dealflow.process.ProcessConstants;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.EventSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads the HubEx tasks of waiting cycles one by one and hands those that are no longer open - deleted (or gone:
 * 404), in a cancelled stage, or completed - to the task event inbox, exactly as if their webhook had arrived: the
 * cycle reads the task and takes its cancellation or completion path. HubEx lists completions by time, but neither
 * deletions nor stage changes, and offers no read of several tasks by ID; so each run reads at most
 * {@code dealflow.reconciliation.open-task-checks} tasks, those read least recently first, and every waiting task
 * is read once every (waiting tasks / open-task-checks) runs.
 */
@Component
public class OpenHubexTaskCheck {

    private static final Logger log = LoggerFactory.getLogger(OpenHubexTaskCheck.class);

    /** What one run did: tasks read, tasks found no longer open (handed to the correlator), and those gone. */
    public record Result(int checked, int recorded, List<Long> gone) {
    }

    private final HubexClient hubex;
    private final HubexProperties hubexProperties;
    private final CycleRegistry cycles;
    private final RuntimeService runtimeService;
    private final TaskEventInbox inbox;
    private final CursorStore cursors;
    private final ReconciliationProperties properties;
    private final Clock clock;

    @Autowired
    public OpenHubexTaskCheck(HubexClient hubex, HubexProperties hubexProperties, CycleRegistry cycles,
                              RuntimeService runtimeService, TaskEventInbox inbox, CursorStore cursors,
                              ReconciliationProperties properties) {
        this(hubex, hubexProperties, cycles, runtimeService, inbox, cursors, properties, Clock.systemUTC());
    }

    OpenHubexTaskCheck(HubexClient hubex, HubexProperties hubexProperties, CycleRegistry cycles,
                       RuntimeService runtimeService, TaskEventInbox inbox, CursorStore cursors,
                       ReconciliationProperties properties, Clock clock) {
        this.hubex = hubex;
        this.hubexProperties = hubexProperties;
        this.cycles = cycles;
        this.runtimeService = runtimeService;
        this.inbox = inbox;
        this.cursors = cursors;
        this.properties = properties;
        this.clock = clock;
    }

    /** One run, inside the caller's transaction (the job's). */
    public Result run() {
        if (properties.getOpenTaskChecks() <= 0) {
            return new Result(0, 0, List.of());
        }
        cursors.lock(CursorStore.HUBEX_OPEN_TASKS);
        Set<String> waiting = new LinkedHashSet<>();
        for (EventSubscription subscription : runtimeService.createEventSubscriptionQuery().eventType("message")
                .eventName(ProcessConstants.MESSAGE_TASK_CHANGED).list()) {
            waiting.add(subscription.getProcessInstanceId());
        }
        List<OpenTask> due = waiting.isEmpty() ? List.of()
                : cycles.tasksToCheck(waiting, properties.getOpenTaskChecks());
        Instant now = clock.instant();
        List<Long> closed = new ArrayList<>();
        List<Long> gone = new ArrayList<>();
        int checked = 0;
        for (OpenTask task : due) {
            try {
                if (!isOpen(task.hubexTaskId())) {
                    closed.add(task.hubexTaskId());
                }
            } catch (HubexException e) {
                if (e.kind() != HubexException.Kind.NOT_FOUND) {
                    // HubEx is unavailable, refuses us or our limit is reached: the next run goes on from here
                    log.warn("Reconciliation: checked {} of {} open HubEx tasks, then stopped: {}", checked,
                            due.size(), e.getMessage());
                    break;
                }
                closed.add(task.hubexTaskId());
                gone.add(task.hubexTaskId());
            }
            cycles.markTaskChecked(task.hubexTaskId(), now);
            checked++;
        }
        if (!closed.isEmpty()) {
            inbox.record(closed);
            log.info("Reconciliation: {} HubEx task(s) of waiting cycles are no longer open though no webhook said so"
                    + " (deleted, cancelled or completed){}: {}", closed.size(),
                    gone.isEmpty() ? "" : ", " + gone.size() + " of them unknown to HubEx (404)", closed);
        }
        cursors.save(CursorStore.HUBEX_OPEN_TASKS, now.toString());
        return new Result(checked, closed.size(), gone);
    }

    private boolean isOpen(long taskId) {
        TaskSnapshot task = new TaskSnapshot(hubex.getTask(taskId));
        return !task.isCancelled(hubexProperties.getCancelledStageIds())
                && !task.isCompleted(hubexProperties.getFinalStageIds());
    }
}
