package io.dealflow.inbox;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dealflow.process.ProcessConstants;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Execution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells a cycle that its deal was deleted or left the trigger stages (lost, moved on by a person). Only a cycle that
 * currently subscribes to {@code DealLeftServiceStage} hears it - the subscription exists while its HubEx task is
 * open and while an operator is to fix or approve the deal, so DealFlow's own moves of the deal (after the task is
 * done) never reach it. A cycle that is running but busy (loading the deal, creating the task) is reported as such:
 * the caller keeps the event and tries again, so the cycle is told once it listens - or not at all when it ends
 * first. A cycle that was told before is not told again.
 */
@Component
public class DealLeftStageNotifier {

    private static final Logger log = LoggerFactory.getLogger(DealLeftStageNotifier.class);

    private final RuntimeService runtimeService;

    public DealLeftStageNotifier(RuntimeService runtimeService) {
        this.runtimeService = runtimeService;
    }

    public enum Outcome {
        /** A waiting cycle was told. */
        TOLD,
        /** The deal has no running cycle: nothing to do. */
        NO_OPEN_CYCLE,
        /** A cycle runs but does not listen right now (loading the deal, creating the task): try again later. */
        CYCLE_BUSY,
        /** Every running cycle of the deal was told before and is dealing with it (e.g. an operator decides). */
        ALREADY_TOLD,
        /**
         * The running cycles were told before or are past their HubEx task (completed, cancelled or deleted): they
         * move the deal on themselves and never listen again - the event is usually the echo of that move.
         */
        CYCLE_FINISHING
    }

    /** The deal no longer exists in Bitrix24. */
    public Outcome dealDeleted(long dealId) {
        return notify(dealId, "Сделка удалена (deal deleted)", "", true);
    }

    /** The deal sits in a stage that is no trigger stage. */
    public Outcome dealLeftStage(long dealId, String stageId) {
        return notify(dealId, "Сделка перешла на стадию " + stageId + " (deal moved to stage " + stageId + ")",
                stageId, false);
    }

    /**
     * No cycle of the deal listens: none runs, or the running ones are busy - or they heard it before and are
     * dealing with it (deciding in Tasklist, cancelling the task), which may take days: keeping the event for them
     * would only read the deal again and again. The same holds for a cycle whose HubEx task is done: it is moving
     * the deal on (the event is the echo of that move) and never listens again, so the event is not kept for it.
     */
    private Outcome whyNotWaiting(long dealId) {
        Set<String> running = new HashSet<>();
        runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(dealId)).list()
                .forEach(instance -> running.add(instance.getId()));
        if (running.isEmpty()) {
            return Outcome.NO_OPEN_CYCLE;
        }
        Set<String> told = new HashSet<>();
        Set<String> finishing = new HashSet<>();
        runtimeService.createVariableInstanceQuery().processInstanceIdIn(running.toArray(String[]::new))
                .variableNameIn(ProcessConstants.VAR_DEAL_LEFT_REASON, ProcessConstants.VAR_TASK_COMPLETED,
                        ProcessConstants.VAR_TASK_CANCELLED, ProcessConstants.VAR_TASK_DELETED).list()
                .forEach(variable -> {
                    if (ProcessConstants.VAR_DEAL_LEFT_REASON.equals(variable.getName())) {
                        told.add(variable.getProcessInstanceId());
                    } else if (Boolean.TRUE.equals(variable.getValue())) {
                        finishing.add(variable.getProcessInstanceId());
                    }
                });
        if (told.containsAll(running)) {
            return Outcome.ALREADY_TOLD;
        }
        Set<String> notListening = new HashSet<>(told);
        notListening.addAll(finishing);
        return notListening.containsAll(running) ? Outcome.CYCLE_FINISHING : Outcome.CYCLE_BUSY;
    }

    private Outcome notify(long dealId, String reason, String stageId, boolean deleted) {
        List<Execution> waiting = runtimeService.createExecutionQuery()
                .processInstanceBusinessKey(String.valueOf(dealId))
                .messageEventSubscriptionName(ProcessConstants.MESSAGE_DEAL_LEFT_STAGE).list();
        if (waiting.isEmpty()) {
            return whyNotWaiting(dealId);
        }
        boolean busy = false;
        for (String processInstanceId : waiting.stream().map(Execution::getProcessInstanceId).distinct().toList()) {
            Map<String, Object> variables = new HashMap<>();
            variables.put(ProcessConstants.VAR_DEAL_LEFT_REASON, reason);
            variables.put(ProcessConstants.VAR_DEAL_LEFT_STAGE_ID, stageId);
            variables.put(ProcessConstants.VAR_DEAL_DELETED, deleted);
            try {
                runtimeService.createMessageCorrelation(ProcessConstants.MESSAGE_DEAL_LEFT_STAGE)
                        .processInstanceId(processInstanceId).setVariables(variables).correlateWithResult();
                log.info("Deal {}: {}; its service cycle {} was told", dealId, reason, processInstanceId);
            } catch (MismatchingMessageCorrelationException e) {
                // the cycle left the wait in the meantime (the task changed): tell it when it waits again
                busy = true;
            }
        }
        return busy ? Outcome.CYCLE_BUSY : Outcome.TOLD;
    }
}
