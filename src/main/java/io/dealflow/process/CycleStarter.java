package io.dealflow.process;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.dealflow.bitrix24.Deal;
import io.dealflow.inbox.TriggerProperties;
import io.dealflow.metrics.DealFlowMetrics;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
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
    private final JdbcTemplate jdbc;

    public CycleStarter(RuntimeService runtimeService, CycleRegistry cycles, TransactionTemplate transaction,
                        TriggerProperties trigger, DealFlowMetrics metrics, JdbcTemplate jdbc) {
        this.runtimeService = runtimeService;
        this.jdbc = jdbc;
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
     * What the cycle registry and the engine know of these deals' cycles, read with two queries however many deals:
     * the event dispatcher asks once per pass instead of twice per deal. A snapshot: a cycle started after it (by
     * another node) is still caught by the registry's unique key when {@link #startIfNew} inserts.
     */
    public KnownCycles lookUp(Collection<Deal> deals) {
        if (deals.isEmpty()) {
            return new KnownCycles(Set.of(), Set.of());
        }
        return new KnownCycles(cycles.registeredEntries(deals),
                runningCycles(deals.stream().map(deal -> String.valueOf(deal.id())).distinct().toList()));
    }

    /** The stage entries that had a cycle and the deals (business keys) with a running one, at one moment. */
    public record KnownCycles(Set<String> registeredEntries, Set<String> dealsWithRunningCycle) {

        boolean registered(Deal deal) {
            return registeredEntries.contains(CycleRegistry.entryKey(deal.id(), deal.stageId(), deal.movedTime()));
        }

        /** Whether the deal had a running cycle when this was read. */
        public boolean hasRunningCycle(long dealId) {
            return dealsWithRunningCycle.contains(String.valueOf(dealId));
        }
    }

    /**
     * Starts the cycle of this stage entry unless it had one or the deal's previous cycle is still open.
     * {@code eventReceivedAt}: when DealFlow stored the event that led here, or null.
     */
    public Outcome startIfNew(Deal deal, Instant eventReceivedAt) {
        return startIfNew(deal, eventReceivedAt, lookUp(List.of(deal)));
    }

    /** {@link #startIfNew(Deal, Instant)} with what {@link #lookUp} read for this deal and others. */
    public Outcome startIfNew(Deal deal, Instant eventReceivedAt, KnownCycles known) {
        String dealId = String.valueOf(deal.id());
        if (known.registered(deal)) {
            return Outcome.ALREADY_STARTED;
        }
        if (known.hasRunningCycle(deal.id())) {
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
        KnownCycles known = lookUp(List.of(deal));
        if (known.hasRunningCycle(deal.id())) {
            return Preview.OPEN_CYCLE;
        }
        return known.registered(deal) ? Preview.DONE_FOR_THIS_ENTRY : Preview.WOULD_START;
    }

    /**
     * The deals among these with a running cycle: every DealFlow process uses the deal ID as business key, whichever
     * pipeline started it. Read from the engine's table, as its query API takes one business key at a time.
     */
    private Set<String> runningCycles(List<String> dealIds) {
        String marks = String.join(",", Collections.nCopies(dealIds.size(), "?"));
        return new HashSet<>(jdbc.queryForList("select business_key_ from act_ru_execution where id_ = proc_inst_id_"
                + " and business_key_ in (" + marks + ")", String.class, dealIds.toArray()));
    }
}
