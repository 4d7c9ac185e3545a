package io.dealflow.process;

import static io.dealflow.process.ProcessConstants.*;

import io.dealflow.hubex.HubexClient;
import io.dealflow.hubex.HubexProperties;
import io.dealflow.hubex.TaskSnapshot;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "HubEx: read task status". A webhook only says that the task changed; this read decides whether it is really
 * completed ({@code hubexTaskCompleted}) or cancelled/deleted ({@code hubexTaskCancelled}) and keeps its deadline,
 * completion time, cost and executor.
 */
@Component
public class ReadHubexTaskDelegate implements JavaDelegate {

    private final HubexClient hubex;
    private final HubexProperties properties;

    public ReadHubexTaskDelegate(HubexClient hubex, HubexProperties properties) {
        this.hubex = hubex;
        this.properties = properties;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long taskId = Long.parseLong((String) execution.getVariable(VAR_HUBEX_TASK_ID));
        TaskSnapshot task = new TaskSnapshot(hubex.getTask(taskId));
        execution.setVariable(VAR_TASK_COMPLETED, task.isCompleted(properties.getFinalStageIds()));
        execution.setVariable(VAR_TASK_CANCELLED, task.isCancelled(properties.getCancelledStageIds()));
        execution.setVariable(VAR_TASK_DELETED, task.isDeleted());
        execution.setVariable(VAR_TASK_STAGE, task.stageName());
        execution.setVariable(VAR_TASK_DEADLINE, task.deadline().orElse(null));
        execution.setVariable(VAR_TASK_COMPLETED_AT, task.completedAt().orElse(null));
        execution.setVariable(VAR_TASK_ACTUAL_COST, task.actualCost().map(c -> c.toPlainString()).orElse(null));
        execution.setVariable(VAR_TASK_COST_CURRENCY, task.actualCostCurrency().orElse(null));
        execution.setVariable(VAR_EXECUTOR_NAME, task.executorName().orElse(null));
        LongText.set(execution, VAR_HUBEX_TASK_ATTRIBUTES,
                task.attributes().isEmpty() ? null : TaskAttributesJson.write(task.attributes()));
        if (!task.number().isEmpty()) {
            execution.setVariable(VAR_HUBEX_TASK_NUMBER, task.number());
        }
    }
}
