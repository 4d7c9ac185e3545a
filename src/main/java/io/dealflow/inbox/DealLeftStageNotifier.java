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
 * cycle waits for its HubEx task, so DealFlow's own moves of the deal (after the wait) never reach it.
 */
@Component
public class DealLeftStageNotifier {

    private static final Logger log = LoggerFactory.getLogger(DealLeftStageNotifier.class);

    private final RuntimeService runtimeService;

    public DealLeftStageNotifier(RuntimeService runtimeService) {
        this.runtimeService = runtimeService;
    }

    /** The deal no longer exists in Bitrix24; returns how many cycles were told. */
    public int dealDeleted(long dealId) {
        return notify(dealId, "Сделка удалена (deal deleted)", "", true);
    }

    /** The deal sits in a stage that is no trigger stage; returns how many cycles were told. */
    public int dealLeftStage(long dealId, String stageId) {
        return notify(dealId, "Сделка перешла на стадию " + stageId + " (deal moved to stage " + stageId + ")",
                stageId, false);
    }

    private int notify(long dealId, String reason, String stageId, boolean deleted) {
        List<Execution> waiting = runtimeService.createExecutionQuery()
                .processInstanceBusinessKey(String.valueOf(dealId))
                .messageEventSubscriptionName(ProcessConstants.MESSAGE_DEAL_LEFT_STAGE).list();
        int told = 0;
        for (String processInstanceId : waiting.stream().map(Execution::getProcessInstanceId).distinct().toList()) {
            Map<String, Object> variables = new HashMap<>();
            variables.put(ProcessConstants.VAR_DEAL_LEFT_REASON, reason);
            variables.put(ProcessConstants.VAR_DEAL_LEFT_STAGE_ID, stageId);
            variables.put(ProcessConstants.VAR_DEAL_DELETED, deleted);
            try {
                runtimeService.createMessageCorrelation(ProcessConstants.MESSAGE_DEAL_LEFT_STAGE)
                        .processInstanceId(processInstanceId).setVariables(variables).correlateWithResult();
                told++;
                log.info("Deal {}: {}; its service cycle {} was told", dealId, reason, processInstanceId);
            } catch (MismatchingMessageCorrelationException e) {
                // the cycle left the wait in the meantime (the task changed): nothing to tell any more
                log.info("Deal {}: {}; its service cycle {} no longer waits for the task", dealId, reason,
                        processInstanceId);
            }
        }
        return told;
    }
}
