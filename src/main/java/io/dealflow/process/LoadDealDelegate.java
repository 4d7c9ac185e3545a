package io.dealflow.process;

import static io.dealflow.process.ProcessConstants.*;

import io.dealflow.bitrix24.Bitrix24Exception;
import io.dealflow.bitrix24.DealGateway;
import io.dealflow.bitrix24.DealParties;
import io.dealflow.mapping.DealToTaskMapper;
import io.dealflow.mapping.TaskDraft;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Load deal": reads the deal, its primary contact and company, and keeps what the HubEx task needs. */
@Component
public class LoadDealDelegate implements JavaDelegate {

    public static final String ERROR_DEAL_NOT_FOUND = "DEAL_NOT_FOUND";

    private final DealGateway deals;
    private final DealToTaskMapper mapper;

    public LoadDealDelegate(DealGateway deals, DealToTaskMapper mapper) {
        this.deals = deals;
        this.mapper = mapper;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long dealId = Long.parseLong((String) execution.getVariable(VAR_DEAL_ID));
        DealParties parties;
        try {
            parties = deals.loadWithParties(dealId);
        } catch (Bitrix24Exception e) {
            if (e.kind() == Bitrix24Exception.Kind.NOT_FOUND) {
                throw new BpmnError(ERROR_DEAL_NOT_FOUND, "Deal " + dealId + " no longer exists in Bitrix24");
            }
            throw e;
        }
        TaskDraft draft = mapper.map(parties);
        execution.setVariable(VAR_DEAL_TITLE, parties.deal().title());
        execution.setVariable(VAR_DEAL_STAGE_ID, parties.deal().stageId());
        execution.setVariable(VAR_DEAL_CATEGORY_ID, parties.deal().categoryId());
        execution.setVariable(VAR_CONTACT_PERSON, draft.contactPerson());
        execution.setVariable(VAR_CONTACT_PHONE, draft.contactPhone());
        execution.setVariable(VAR_CONTACT_EMAIL, draft.contactEmail());
        LongText.set(execution, VAR_TASK_NOTES, draft.notes());
        LongText.set(execution, VAR_TASK_NOTES_HTML, draft.notesHtml());
    }
}
