package io.dealflow.process;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.dealflow.bitrix24.Deal;
import io.dealflow.inbox.TriggerProperties;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Starts the service cycle of a deal that entered a trigger stage - once per entry. */
@Component
public class CycleStarter {

    public enum Outcome { STARTED, ALREADY_STARTED, CYCLE_STILL_OPEN }

    private static final Logger log = LoggerFactory.getLogger(CycleStarter.class);

    private final RuntimeService runtimeService;
    private final CycleRegistry cycles;
    private final TransactionTemplate transaction;
    private final TriggerProperties trigger;

    public CycleStarter(RuntimeService runtimeService, CycleRegistry cycles, TransactionTemplate transaction,
                        TriggerProperties trigger) {
        this.runtimeService = runtimeService;
        this.cycles = cycles;
        this.transaction = transaction;
        this.trigger = trigger;
    }

    /** The process this deal's pipeline runs. */
    String processKeyFor(Deal deal) {
        return trigger.getProcesses().getOrDefault(deal.categoryId(), ProcessConstants.PROCESS_KEY);
    }

    public Outcome startIfNew(Deal deal) {
        String dealId = String.valueOf(deal.id());
        if (cycles.isRegistered(deal.id(), deal.stageId(), deal.movedTime())) {
            return Outcome.ALREADY_STARTED;
        }
        if (hasRunningCycle(dealId)) {
            log.info("Deal {} is in stage {} but its previous service cycle is still open; no new cycle", dealId,
                    deal.stageId());
            return Outcome.CYCLE_STILL_OPEN;
        }
        try {
            String processInstanceId = transaction.execute(status -> {
                // the row and the instance commit together: a failed start leaves no row, a duplicate no instance
                String id = UUID.randomUUID().toString();
                cycles.register(deal.id(), deal.stageId(), deal.movedTime(), id);
                Map<String, Object> variables = new HashMap<>();
                variables.put(ProcessConstants.VAR_DEAL_ID, dealId);
                variables.put(ProcessConstants.VAR_DEAL_STAGE_ID, deal.stageId());
                variables.put(ProcessConstants.VAR_DEAL_CATEGORY_ID, deal.categoryId());
                variables.put(ProcessConstants.VAR_DEAL_TITLE, deal.title());
                String started = runtimeService.startProcessInstanceByKey(processKeyFor(deal), dealId, variables)
                        .getId();
                cycles.relink(id, started);
                return started;
            });
            log.info("Deal {} entered stage {}: service cycle {} started", dealId, deal.stageId(), processInstanceId);
            return Outcome.STARTED;
        } catch (DuplicateKeyException e) {
            return Outcome.ALREADY_STARTED;
        }
    }

    private boolean hasRunningCycle(String dealId) {
        // every DealFlow process uses the deal ID as business key, whichever pipeline started it
        return runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(dealId).count() > 0;
    }
}
