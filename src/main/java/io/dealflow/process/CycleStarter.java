package io.dealflow.process;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.dealflow.bitrix24.Deal;
import io.dealflow.inbox.TriggerProperties;
import io.dealflow.metrics.DealFlowMetrics;
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

    /** What {@link #startIfNew} would do now, for a dry run. */
    public enum Preview {
        WOULD_START,
        /** The deal has a running cycle (of this stage entry or an earlier one). */
        OPEN_CYCLE,
        /** This stage entry had its cycle, which has ended. */
        DONE_FOR_THIS_ENTRY
    }

    private static final Logger log = LoggerFactory.getLogger(CycleStarter.class);

    private final RuntimeService runtimeService;
    private final CycleRegistry cycles;
    private final TransactionTemplate transaction;
    private final TriggerProperties trigger;
    private final DealFlowMetrics metrics;

    public CycleStarter(RuntimeService runtimeService, CycleRegistry cycles, TransactionTemplate transaction,
                        TriggerProperties trigger, DealFlowMetrics metrics) {
        this.runtimeService = runtimeService;
        this.cycles = cycles;
        this.transaction = transaction;
        this.trigger = trigger;
        this.metrics = metrics;
    }

    /** The process this deal's pipeline runs. */
    String processKeyFor(Deal deal) {
        return trigger.getProcesses().getOrDefault(deal.categoryId(), ProcessConstants.PROCESS_KEY);
    }

    /** Starts a cycle with no event behind it (the backfill): it has no event → task latency. */
    public Outcome startIfNew(Deal deal) {
        return startIfNew(deal, null);
    }

    /**
     * Starts the cycle of this stage entry unless it had one or the deal's previous cycle is still open.
     * {@code eventReceivedAt}: when DealFlow stored the event that led here, or null.
     */
    public Outcome startIfNew(Deal deal, Instant eventReceivedAt) {
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
                cycles.register(deal.id(), deal.stageId(), deal.movedTime(), id, eventReceivedAt);
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
            metrics.cycleStarted(processKeyFor(deal));
            return Outcome.STARTED;
        } catch (DuplicateKeyException e) {
            return Outcome.ALREADY_STARTED;
        }
    }

    /** What {@link #startIfNew} would do with this deal now; changes nothing. */
    public Preview preview(Deal deal) {
        if (hasRunningCycle(String.valueOf(deal.id()))) {
            return Preview.OPEN_CYCLE;
        }
        return cycles.isRegistered(deal.id(), deal.stageId(), deal.movedTime()) ? Preview.DONE_FOR_THIS_ENTRY
                : Preview.WOULD_START;
    }

    private boolean hasRunningCycle(String dealId) {
        // every DealFlow process uses the deal ID as business key, whichever pipeline started it
        return runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(dealId).count() > 0;
    }
}
