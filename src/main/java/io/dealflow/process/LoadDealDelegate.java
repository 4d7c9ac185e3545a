package io.dealflow.process;

import static io.dealflow.process.ProcessConstants.*;

import java.util.ArrayList;
import java.util.List;

import io.dealflow.bitrix24.Bitrix24Exception;
import io.dealflow.bitrix24.DealGateway;
import io.dealflow.bitrix24.DealParties;
import io.dealflow.mapping.DealRequirements;
import io.dealflow.mapping.DealToTaskMapper;
import io.dealflow.mapping.TaskDraft;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Load deal": reads the deal, its primary contact and company, and keeps what the HubEx task needs. A deal that
 * lacks required data ({@code dealflow.requirements}) or holds data the mapping cannot use ends the step with the
 * BPMN error {@value #ERROR_DEAL_INCOMPLETE}, one problem per line as its message: the diagram hands it to an
 * operator ("Fix the deal") instead of raising an incident.
 */
@Component
public class LoadDealDelegate implements JavaDelegate {

    public static final String ERROR_DEAL_NOT_FOUND = "DEAL_NOT_FOUND";
    public static final String ERROR_DEAL_INCOMPLETE = "DEAL_INCOMPLETE";

    private final DealGateway deals;
    private final DealToTaskMapper mapper;
    private final DealRequirements requirements;

    public LoadDealDelegate(DealGateway deals, DealToTaskMapper mapper, DealRequirements requirements) {
        this.deals = deals;
        this.mapper = mapper;
        this.requirements = requirements;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long dealId = Long.parseLong((String) execution.getVariable(VAR_DEAL_ID));
        DealParties parties;
        try {
            parties = mapper.needsRequisiteAddresses() ? deals.loadWithParties(dealId, true)
                    : deals.loadWithParties(dealId);
        } catch (Bitrix24Exception e) {
            if (e.kind() == Bitrix24Exception.Kind.NOT_FOUND) {
                throw new BpmnError(ERROR_DEAL_NOT_FOUND, "Deal " + dealId + " no longer exists in Bitrix24");
            }
            throw e;
        }
        TaskDraft draft = mapper.map(parties);
        VariableChanges.set(execution, VAR_DEAL_TITLE, parties.deal().title());
        VariableChanges.set(execution, VAR_DEAL_STAGE_ID, parties.deal().stageId());
        VariableChanges.set(execution, VAR_DEAL_CATEGORY_ID, parties.deal().categoryId());
        TaskDraftVariables.write(execution, draft);
        // the variables above are kept: the operator's form and Cockpit show what was read
        List<String> problems = new ArrayList<>(mapper.problems(parties));
        problems.addAll(requirements.problems(parties, draft));
        if (!problems.isEmpty()) {
            throw new BpmnError(ERROR_DEAL_INCOMPLETE, String.join("\n", problems));
        }
    }
}
