package io.dealflow.process;

import static io.dealflow.process.ProcessConstants.*;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;

import io.dealflow.hubex.HubexClient;
import io.dealflow.hubex.HubexException;
import io.dealflow.hubex.HubexProperties;
import io.dealflow.hubex.TaskSnapshot;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "HubEx: read task status". A webhook only says that the task changed; this read decides whether it is really
 * completed ({@code hubexTaskCompleted}) or cancelled/deleted ({@code hubexTaskCancelled}) and keeps its deadline,
 * completion time, cost and executor. A task HubEx answers 404 for counts as deleted.
 */
@Component
public class ReadHubexTaskDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(ReadHubexTaskDelegate.class);

    private final HubexClient hubex;
    private final HubexProperties properties;

    public ReadHubexTaskDelegate(HubexClient hubex, HubexProperties properties) {
        this.hubex = hubex;
        this.properties = properties;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long taskId = Long.parseLong((String) execution.getVariable(VAR_HUBEX_TASK_ID));
        JsonNode read;
        try {
            read = hubex.getTask(taskId);
        } catch (HubexException e) {
            if (e.kind() != HubexException.Kind.NOT_FOUND) {
                throw e;
            }
            // HubEx deletes softly (the task stays readable with "deleted" set); a task it no longer knows at all
            // is gone for good - waiting for it would wait forever
            log.warn("HubEx task {} no longer exists (404); its cycle treats it as deleted", taskId);
            VariableChanges.set(execution, VAR_TASK_COMPLETED, false);
            VariableChanges.set(execution, VAR_TASK_CANCELLED, true);
            VariableChanges.set(execution, VAR_TASK_DELETED, true);
            VariableChanges.set(execution, VAR_TASK_STAGE, "");
            return;
        }
        TaskSnapshot task = new TaskSnapshot(read);
        VariableChanges.set(execution, VAR_TASK_COMPLETED, task.isCompleted(properties.getFinalStageIds()));
        VariableChanges.set(execution, VAR_TASK_CANCELLED, task.isCancelled(properties.getCancelledStageIds()));
        VariableChanges.set(execution, VAR_TASK_DELETED, task.isDeleted());
        VariableChanges.set(execution, VAR_TASK_STAGE, task.stageName());
        VariableChanges.set(execution, VAR_TASK_DEADLINE, task.deadline().orElse(null));
        VariableChanges.set(execution, VAR_TASK_COMPLETED_AT, task.completedAt().orElse(null));
        VariableChanges.set(execution, VAR_TASK_ACTUAL_COST,
                task.actualCost().map(BigDecimal::toPlainString).orElse(null));
        VariableChanges.set(execution, VAR_TASK_COST_CURRENCY, task.actualCostCurrency().orElse(null));
        VariableChanges.set(execution, VAR_EXECUTOR_NAME, task.executorName().orElse(null));
        LongText.set(execution, VAR_HUBEX_TASK_ATTRIBUTES,
                task.attributes().isEmpty() ? null : TaskAttributesJson.write(task.attributes()));
        if (!task.number().isEmpty()) {
            VariableChanges.set(execution, VAR_HUBEX_TASK_NUMBER, task.number());
        }
    }
}
