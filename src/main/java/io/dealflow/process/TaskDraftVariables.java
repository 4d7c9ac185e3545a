package io.dealflow.process;

import static io.dealflow.process.ProcessConstants.*;

import java.math.BigDecimal;

import io.dealflow.mapping.TaskDraft;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * Keeps the task draft as plain process variables, so that operators see in Cockpit what will be sent to HubEx
 * (and may correct it before a retry), and the create step sends exactly that.
 */
public final class TaskDraftVariables {

    private TaskDraftVariables() {
    }

    public static void write(VariableScope execution, TaskDraft draft) {
        execution.setVariable(VAR_CONTACT_PERSON, draft.contactPerson());
        execution.setVariable(VAR_CONTACT_PHONE, draft.contactPhone());
        execution.setVariable(VAR_CONTACT_EMAIL, draft.contactEmail());
        LongText.set(execution, VAR_TASK_NOTES, draft.notes());
        LongText.set(execution, VAR_TASK_NOTES_HTML, draft.notesHtml());
        execution.setVariable(VAR_TASK_TYPE_ID, draft.taskTypeId());
        execution.setVariable(VAR_WORK_TYPE_ID, draft.workTypeId());
        execution.setVariable(VAR_CRITICALITY_ID, draft.criticalityId());
        execution.setVariable(VAR_TASK_DEADLINE_REQUESTED, draft.deadline());
        execution.setVariable(VAR_ESTIMATED_COST, draft.estimatedCost() == null ? null
                : draft.estimatedCost().toPlainString());
    }

    public static TaskDraft read(VariableScope execution) {
        String estimatedCost = (String) execution.getVariable(VAR_ESTIMATED_COST);
        return new TaskDraft((String) execution.getVariable(VAR_DEAL_ID),
                LongText.get(execution, VAR_TASK_NOTES), LongText.get(execution, VAR_TASK_NOTES_HTML),
                (String) execution.getVariable(VAR_CONTACT_PERSON), (String) execution.getVariable(VAR_CONTACT_PHONE),
                (String) execution.getVariable(VAR_CONTACT_EMAIL),
                (Integer) execution.getVariable(VAR_TASK_TYPE_ID), (Integer) execution.getVariable(VAR_WORK_TYPE_ID),
                (Integer) execution.getVariable(VAR_CRITICALITY_ID),
                (String) execution.getVariable(VAR_TASK_DEADLINE_REQUESTED),
                estimatedCost == null ? null : new BigDecimal(estimatedCost));
    }
}
