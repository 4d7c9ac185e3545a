package io.dealflow.process;

/** Names shared by the BPMN files, the delegates and the code that talks to the engine. */
public final class ProcessConstants {

    public static final String PROCESS_KEY = "deal-service-cycle";
    public static final String MESSAGE_TASK_CHANGED = "HubexTaskChanged";
    /** Sent to a cycle waiting for its task when the deal was deleted or left the trigger stages. */
    public static final String MESSAGE_DEAL_LEFT_STAGE = "DealLeftServiceStage";

    public static final String VAR_DEAL_ID = "dealId";
    public static final String VAR_DEAL_TITLE = "dealTitle";
    public static final String VAR_DEAL_STAGE_ID = "dealStageId";
    public static final String VAR_DEAL_CATEGORY_ID = "dealCategoryId";
    public static final String VAR_CONTACT_PERSON = "contactPerson";
    public static final String VAR_CONTACT_PHONE = "contactPhone";
    public static final String VAR_CONTACT_EMAIL = "contactEmail";
    public static final String VAR_TASK_NOTES = "taskNotes";
    public static final String VAR_TASK_NOTES_HTML = "taskNotesHtml";
    public static final String VAR_TASK_TYPE_ID = "taskTypeId";
    public static final String VAR_WORK_TYPE_ID = "workTypeId";
    public static final String VAR_CRITICALITY_ID = "criticalityId";
    public static final String VAR_TASK_DEADLINE_REQUESTED = "taskDeadlineRequested";
    public static final String VAR_ESTIMATED_COST = "estimatedCost";
    public static final String VAR_ASSET_ID = "assetId";
    public static final String VAR_CUSTOMER_COMPANY_ID = "customerCompanyId";
    public static final String VAR_CUSTOMER_TITLE = "customerTitle";
    public static final String VAR_CUSTOMER_PHONE = "customerPhone";
    public static final String VAR_CUSTOMER_EMAIL = "customerEmail";
    public static final String VAR_PLACE_KEY = "placeKey";
    public static final String VAR_PLACE_ADDRESS = "placeAddress";
    public static final String VAR_PLACE_COORDINATE = "placeCoordinate";
    public static final String VAR_TASK_ATTRIBUTES = "taskAttributes";
    public static final String VAR_TASK_OTHER_FIELDS = "taskOtherFields";

    public static final String VAR_HUBEX_TASK_ID = "hubexTaskId";
    public static final String VAR_HUBEX_TASK_NUMBER = "hubexTaskNumber";
    public static final String VAR_TASK_COMPLETED = "hubexTaskCompleted";
    public static final String VAR_TASK_CANCELLED = "hubexTaskCancelled";
    public static final String VAR_TASK_DELETED = "hubexTaskDeleted";
    public static final String VAR_TASK_STAGE = "hubexTaskStage";
    public static final String VAR_TASK_DEADLINE = "hubexTaskDeadline";
    public static final String VAR_TASK_COMPLETED_AT = "hubexTaskCompletedAt";
    public static final String VAR_TASK_ACTUAL_COST = "hubexActualCost";
    public static final String VAR_TASK_COST_CURRENCY = "hubexCostCurrency";
    public static final String VAR_EXECUTOR_NAME = "executorName";
    public static final String VAR_TASK_COST = "taskCost";
    public static final String VAR_EXECUTOR_COMMENT = "executorComment";
    public static final String VAR_HUBEX_TASK_ATTRIBUTES = "hubexTaskAttributes";

    /** Set with the DealLeftServiceStage message: why the cycle was told, the deal's stage, whether it was deleted. */
    public static final String VAR_DEAL_LEFT_REASON = "dealLeftReason";
    public static final String VAR_DEAL_LEFT_STAGE_ID = "dealLeftStageId";
    public static final String VAR_DEAL_DELETED = "dealDeleted";
    /** true once "Cancel the HubEx task" moved the task to the cancel stage. */
    public static final String VAR_DEAL_LEFT_TASK_CANCELLED = "dealLeftTaskCancelled";

    /** Set when the escalation before the task's deadline is armed (see DeadlineEscalation). */
    public static final String VAR_ESCALATION_ACTION = "escalationAction";
    public static final String VAR_ESCALATION_DUE_AT = "escalationDueAt";
    public static final String VAR_ESCALATION_DEADLINE = "escalationDeadline";
    public static final String VAR_HUBEX_TASK_LINK = "hubexTaskLink";

    /** Input parameters of the reusable delegates. */
    public static final String INPUT_FIELDS = "fields";
    public static final String INPUT_COMMENT = "comment";

    private ProcessConstants() {
    }
}
