package io.dealflow.process;

import static io.dealflow.process.ProcessConstants.*;

import io.dealflow.hubex.HubexClient;
import io.dealflow.hubex.HubexProperties;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "HubEx: cancel task". Moves the cycle's task ({@code hubexTaskId}) to the cancel stage
 * {@code dealflow.hubex.cancel-stage-id} with {@code dealLeftReason} as the stage change's notes, and sets
 * {@code dealLeftTaskCancelled}.
 */
@Component
public class CancelHubexTaskDelegate implements JavaDelegate {

    private final HubexClient hubex;
    private final HubexProperties properties;

    public CancelHubexTaskDelegate(HubexClient hubex, HubexProperties properties) {
        this.hubex = hubex;
        this.properties = properties;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Integer stageId = properties.getCancelStageId();
        if (stageId == null) {
            throw new IllegalStateException("dealflow.hubex.cancel-stage-id (DEALFLOW_HUBEX_CANCEL_STAGE_ID) is not"
                    + " set: DealFlow does not know the HubEx stage that cancels a task");
        }
        long taskId = Long.parseLong((String) execution.getVariable(VAR_HUBEX_TASK_ID));
        String reason = LongText.get(execution, VAR_DEAL_LEFT_REASON);
        hubex.moveTaskToStage(taskId, stageId, reason == null || reason.isBlank()
                ? "Сервисный цикл сделки завершён в DealFlow (the deal's service cycle ended in DealFlow)" : reason);
        VariableChanges.set(execution, VAR_DEAL_LEFT_TASK_CANCELLED, true);
    }
}
