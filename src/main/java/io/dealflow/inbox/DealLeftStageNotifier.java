package io.dealflow.inbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.dealflow.process.ProcessConstants;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Execution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells a waiting cycle that its deal was deleted or left the trigger stages (lost, moved on by a person). Only a
 * cycle that currently subscribes to {@code DealLeftServiceStage} hears it - the subscription exists while the
 * cycle waits for its HubEx task, so DealFlow's own moves of the deal (after the wait) never reach it. A cycle
 * that is running but busy (reading a task change, still creating the task) is reported as such: the caller keeps
 * the event and tries again, so the cycle is told once it waits again - or not at all when it ends first.
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
        /** A cycle runs but does not wait for its task right now: try again later. */
        CYCLE_BUSY
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

    private Outcome notify(long dealId, String reason, String stageId, boolean deleted) {
        List<Execution> waiting = runtimeService.createExecutionQuery()
                .processInstanceBusinessKey(String.valueOf(dealId))
                .messageEventSubscriptionName(ProcessConstants.MESSAGE_DEAL_LEFT_STAGE).list();
        if (waiting.isEmpty()) {
            boolean running = runtimeService.createProcessInstanceQuery()
                    .processInstanceBusinessKey(String.valueOf(dealId)).count() > 0;
            return running ? Outcome.CYCLE_BUSY : Outcome.NO_OPEN_CYCLE;
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
