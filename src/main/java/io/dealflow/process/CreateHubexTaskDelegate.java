package io.dealflow.process;

import static io.dealflow.process.ProcessConstants.*;

import io.dealflow.hubex.HubexClient.CreatedTask;
import io.dealflow.mapping.TaskDraft;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Create HubEx task": one task per cycle, however often the job runs. */
@Component
public class CreateHubexTaskDelegate implements JavaDelegate {

    private final TaskCreation taskCreation;

    public CreateHubexTaskDelegate(TaskCreation taskCreation) {
        this.taskCreation = taskCreation;
    }

    @Override
    public void execute(DelegateExecution execution) {
        TaskDraft draft = TaskDraftVariables.read(execution);
        CreatedTask task = taskCreation.createOnce(execution.getProcessInstanceId(), draft);
        VariableChanges.set(execution, VAR_HUBEX_TASK_ID, String.valueOf(task.id()));
        VariableChanges.set(execution, VAR_HUBEX_TASK_NUMBER, task.number());
    }
}
