package io.dealflow.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.dealflow.inbox.TaskEventInbox.DueTask;
import io.dealflow.metrics.DealFlowMetrics;
import io.dealflow.process.CycleRegistry;
import io.dealflow.process.ProcessConstants;
import io.dealflow.process.ProcessLogContext;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers stored HubEx task events to the process waiting for that task. Camunda keeps no message buffer, so an
 * event that arrives while the process is not waiting (still creating the task, or reading it) stays stored and
 * is delivered on a later attempt: a completion that arrives early is never lost. Delivered events are deleted in the
 * delivery's own transaction.
 */
@Component
public class TaskEventCorrelator {

    private static final Logger log = LoggerFactory.getLogger(TaskEventCorrelator.class);

    private final TaskEventInbox inbox;
    private final CycleRegistry cycles;
    private final RuntimeService runtimeService;
    private final TransactionTemplate transaction;
    private final InboxProperties properties;
    private final DealFlowMetrics metrics;
    private final BackgroundLoop loop;

    public TaskEventCorrelator(TaskEventInbox inbox, CycleRegistry cycles, RuntimeService runtimeService,
                               TransactionTemplate transaction, InboxProperties properties, DealFlowMetrics metrics) {
        this.inbox = inbox;
        this.transaction = transaction;
        this.metrics = metrics;
        this.cycles = cycles;
        this.runtimeService = runtimeService;
        this.properties = properties;
        this.loop = new BackgroundLoop("dealflow-task-events", inbox.signal(), properties.getPollInterval(),
                properties.getTaskEventCoalesceDelay(), this::correlateDueEvents);
    }

    /** One pass over the due events; returns how many reached a waiting process. */
    public int correlateDueEvents() {
        int delivered = 0;
        List<DueTask> due = inbox.due(100);
        for (DueTask task : due) {
            if (correlate(task)) {
                delivered++;
            }
        }
        return delivered;
    }

    private boolean correlate(DueTask task) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable(ProcessLogContext.HUBEX_TASK_ID,
                String.valueOf(task.hubexTaskId()))) {
            return correlateInContext(task);
        }
    }

    private boolean correlateInContext(DueTask task) {
        Optional<String> processInstanceId = cycles.processOfTask(task.hubexTaskId());
        if (processInstanceId.isEmpty()) {
            if (task.firstReceivedAt().plus(properties.getUnknownTaskGrace()).isBefore(Instant.now())) {
                log.info("HubEx task {} belongs to no DealFlow cycle; its events are parked", task.hubexTaskId());
                metrics.eventsIgnored(DealFlowMetrics.HUBEX, "unknown_task",
                        inbox.park(task, "no DealFlow cycle created this task"));
            } else {
                inbox.postpone(task, retryDelay(task.attempts()), "no cycle knows this task yet");
            }
            return false;
        }
        String instance = processInstanceId.get();
        if (!isWaiting(instance)) {
            postponeOrPark(task, instance);
            return false;
        }
        try {
            // the cycle told and the events that told it gone commit together: a failure in between leaves both for
            // the next attempt, and no change is delivered twice
            Integer handled = transaction.execute(status -> {
                // the start of the completion → deal updated latency, should this change be the completion
                cycles.noteTaskEvent(instance, task.firstReceivedAt());
                runtimeService.createMessageCorrelation(ProcessConstants.MESSAGE_TASK_CHANGED)
                        .processInstanceId(instance)
                        .correlateWithResult();
                return inbox.done(task);
            });
            // the cycle reads the task once, however many changes were stored: the others were repeats
            metrics.eventsDeduplicated(DealFlowMetrics.HUBEX, "coalesced", (handled == null ? 1 : handled) - 1);
            log.debug("HubEx task {} changed: told cycle {}", task.hubexTaskId(), instance);
            return true;
        } catch (MismatchingMessageCorrelationException e) {
            postponeOrPark(task, instance);
        } catch (OptimisticLockingException e) {
            inbox.postpone(task, properties.getRetryDelay(), "the cycle was busy");
        }
        return false;
    }

    /** A cycle that is busy (creating, reading) gets the event later; an ended cycle does not need it. */
    private void postponeOrPark(DueTask task, String instance) {
        if (!isRunning(instance)) {
            metrics.eventsIgnored(DealFlowMetrics.HUBEX, "cycle_ended", inbox.done(task));
        } else if (task.firstReceivedAt().plus(properties.getTaskEventMaxAge()).isBefore(Instant.now())) {
            metrics.eventsIgnored(DealFlowMetrics.HUBEX, "expired", inbox.park(task,
                    "the cycle did not wait for task changes within " + properties.getTaskEventMaxAge()));
        } else {
            inbox.postpone(task, retryDelay(task.attempts()), "the cycle is not waiting for the task right now");
        }
    }

    private boolean isWaiting(String processInstanceId) {
        return runtimeService.createExecutionQuery().processInstanceId(processInstanceId)
                .messageEventSubscriptionName(ProcessConstants.MESSAGE_TASK_CHANGED).count() > 0;
    }

    private boolean isRunning(String processInstanceId) {
        return runtimeService.createProcessInstanceQuery().processInstanceId(processInstanceId).count() > 0;
    }

    private Duration retryDelay(int attempts) {
        // the first retries come quickly: the usual cause is a transaction that commits milliseconds later
        Duration delay = Duration.ofMillis(200).multipliedBy(1L << Math.min(attempts, 16));
        return delay.compareTo(properties.getMaxRetryDelay()) > 0 ? properties.getMaxRetryDelay() : delay;
    }

    /** Starts after the engine is ready, like the job executor, so that nothing starts half-configured. */
    @EventListener(ApplicationReadyEvent.class)
    public void onReady() {
        loop.start();
    }

    @PreDestroy
    public void shutdown() {
        loop.stop();
    }
}
