package io.dealflow.process;

import static io.dealflow.process.ProcessConstants.*;

import java.math.BigDecimal;

import io.dealflow.mapping.TaskDraft;
import io.dealflow.mapping.TaskDraft.Customer;
import io.dealflow.mapping.TaskDraft.Place;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * Keeps the task draft as plain process variables, so that operators see in Cockpit what will be sent to HubEx
 * (and may correct it before a retry), and the create step sends exactly that.
 */
public final class TaskDraftVariables {

    private TaskDraftVariables() {
    }

    public static void write(VariableScope execution, TaskDraft draft) {
        VariableChanges.set(execution, VAR_CONTACT_PERSON, draft.contactPerson());
        VariableChanges.set(execution, VAR_CONTACT_PHONE, draft.contactPhone());
        VariableChanges.set(execution, VAR_CONTACT_EMAIL, draft.contactEmail());
        LongText.set(execution, VAR_TASK_NOTES, draft.notes());
        LongText.set(execution, VAR_TASK_NOTES_HTML, draft.notesHtml());
        VariableChanges.set(execution, VAR_TASK_TYPE_ID, draft.taskTypeId());
        VariableChanges.set(execution, VAR_WORK_TYPE_ID, draft.workTypeId());
        VariableChanges.set(execution, VAR_CRITICALITY_ID, draft.criticalityId());
        VariableChanges.set(execution, VAR_TASK_DEADLINE_REQUESTED, draft.deadline());
        VariableChanges.set(execution, VAR_ESTIMATED_COST, draft.estimatedCost() == null ? null
                : draft.estimatedCost().toPlainString());
        VariableChanges.set(execution, VAR_ASSET_ID, draft.assetId());
        Customer customer = draft.customer();
        VariableChanges.set(execution, VAR_CUSTOMER_COMPANY_ID, customer == null ? null : customer.bitrix24CompanyId());
        VariableChanges.set(execution, VAR_CUSTOMER_TITLE, customer == null ? null : customer.title());
        VariableChanges.set(execution, VAR_CUSTOMER_PHONE, customer == null ? null : customer.phone());
        VariableChanges.set(execution, VAR_CUSTOMER_EMAIL, customer == null ? null : customer.email());
        Place place = draft.place();
        VariableChanges.set(execution, VAR_PLACE_KEY, place == null ? null : place.key());
        LongText.set(execution, VAR_PLACE_ADDRESS, place == null ? null : place.address());
        VariableChanges.set(execution, VAR_PLACE_COORDINATE, place == null ? null : place.coordinate());
        LongText.set(execution, VAR_TASK_ATTRIBUTES,
                draft.attributes().isEmpty() ? null : TaskAttributesJson.write(draft.attributes()));
        LongText.set(execution, VAR_TASK_OTHER_FIELDS,
                draft.otherFields().isEmpty() ? null : TaskAttributesJson.writeFields(draft.otherFields()));
    }

    public static TaskDraft read(VariableScope execution) {
        String estimatedCost = (String) execution.getVariable(VAR_ESTIMATED_COST);
        Long companyId = (Long) execution.getVariable(VAR_CUSTOMER_COMPANY_ID);
        Customer customer = companyId == null ? null : new Customer(companyId,
                (String) execution.getVariable(VAR_CUSTOMER_TITLE), (String) execution.getVariable(VAR_CUSTOMER_PHONE),
                (String) execution.getVariable(VAR_CUSTOMER_EMAIL));
        String placeKey = (String) execution.getVariable(VAR_PLACE_KEY);
        Place place = placeKey == null ? null : new Place(placeKey, LongText.get(execution, VAR_PLACE_ADDRESS),
                (String) execution.getVariable(VAR_PLACE_COORDINATE));
        return new TaskDraft((String) execution.getVariable(VAR_DEAL_ID),
                LongText.get(execution, VAR_TASK_NOTES), LongText.get(execution, VAR_TASK_NOTES_HTML),
                (String) execution.getVariable(VAR_CONTACT_PERSON), (String) execution.getVariable(VAR_CONTACT_PHONE),
                (String) execution.getVariable(VAR_CONTACT_EMAIL),
                (Integer) execution.getVariable(VAR_TASK_TYPE_ID), (Integer) execution.getVariable(VAR_WORK_TYPE_ID),
                (Integer) execution.getVariable(VAR_CRITICALITY_ID),
                (String) execution.getVariable(VAR_TASK_DEADLINE_REQUESTED),
                estimatedCost == null ? null : new BigDecimal(estimatedCost),
                (Integer) execution.getVariable(VAR_ASSET_ID), customer, place,
                TaskAttributesJson.read(LongText.get(execution, VAR_TASK_ATTRIBUTES), VAR_TASK_ATTRIBUTES),
                TaskAttributesJson.readFields(LongText.get(execution, VAR_TASK_OTHER_FIELDS), VAR_TASK_OTHER_FIELDS));
    }
}
