package io.dealflow.reconciliation;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import io.dealflow.bitrix24.DealGateway;
import io.dealflow.bitrix24.StageHistoryEntry;
import io.dealflow.inbox.DealEventInbox;
import io.dealflow.inbox.TriggerStageMatcher;
import io.dealflow.process.CycleRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds deals that entered a trigger stage without DealFlow being told - a lost ONCRMDEALUPDATE, or a pipeline
 * move, which fires none - by reading Bitrix24's stage history ({@code crm.stagehistory.list}) after a stored
 * cursor. Each such deal gets a deal event in the inbox, exactly as if its webhook had arrived: the dispatcher
 * reads the deal and its (deal, stage, MOVED_TIME) key starts one cycle at most.
 */
@Component
public class DealStageReconciler {

    public static final String EVENT_TYPE = "RECONCILIATION";
    /** crm.stagehistory.list pages are 50 entries; a full page means there may be more. */
    static final int PAGE_SIZE = 50;
    private static final Logger log = LoggerFactory.getLogger(DealStageReconciler.class);

    /** What one run did: history entries read, deals handed to the dispatcher, and whether entries are left. */
    public record Result(int entries, int deals, boolean more) {
    }

    private final DealGateway deals;
    private final TriggerStageMatcher trigger;
    private final CursorStore cursors;
    private final DealEventInbox inbox;
    private final CycleRegistry cycles;
    private final ReconciliationProperties properties;

    public DealStageReconciler(DealGateway deals, TriggerStageMatcher trigger, CursorStore cursors,
                               DealEventInbox inbox, CycleRegistry cycles, ReconciliationProperties properties) {
        this.deals = deals;
        this.trigger = trigger;
        this.cursors = cursors;
        this.inbox = inbox;
        this.cycles = cycles;
        this.properties = properties;
    }

    /** One run, inside the caller's transaction (the job's): the cursor moves only if everything is stored. */
    public Result run() {
        Optional<String> cursor = cursors.lock(CursorStore.BITRIX24_STAGE_HISTORY);
        Set<String> stageIds = trigger.triggerStageIds();
        if (stageIds.isEmpty()) {
            log.warn("Reconciliation: no Bitrix24 stage matches dealflow.trigger.stage-ids or stage-name-prefix;"
                    + " nothing to look for");
            return startFromNow("no trigger stage");
        }
        long after;
        if (cursor.isPresent()) {
            after = Long.parseLong(cursor.get().strip());
        } else {
            // A stage event lost before the very first run (a node killed right after its first start, events
            // not delivered yet) must still be found: the first run reads from the first stage entry since
            // DealFlow was installed. Older history is not replayed.
            Optional<Instant> installed = cursors.writtenAt(CursorStore.BITRIX24_STAGE_HISTORY);
            OptionalLong first = installed.isPresent()
                    ? deals.firstStageHistoryIdSince(installed.get(), stageIds) : OptionalLong.empty();
            if (first.isEmpty()) {
                return startFromNow("first run");
            }
            after = first.getAsLong() - 1;
            log.info("Reconciliation (first run): Bitrix24 stage history is read from entry {} on, the first stage"
                    + " entry since {}", first.getAsLong(), installed.get());
        }
        Set<Long> dealIds = new LinkedHashSet<>();
        int entries = 0;
        boolean more = false;
        for (int page = 0; page < properties.getMaxPages(); page++) {
            List<StageHistoryEntry> found = deals.stageHistoryAfter(after, stageIds);
            for (StageHistoryEntry entry : found) {
                entries++;
                after = Math.max(after, entry.id());
                // an entry whose cycle exists already needs no read of the deal
                if (!cycles.isRegistered(entry.dealId(), entry.stageId(), entry.createdTime())) {
                    dealIds.add(entry.dealId());
                }
            }
            more = found.size() >= PAGE_SIZE;
            if (!more) {
                break;
            }
        }
        dealIds.forEach(dealId -> inbox.record(dealId, EVENT_TYPE, null));
        cursors.save(CursorStore.BITRIX24_STAGE_HISTORY, Long.toString(after));
        if (!dealIds.isEmpty()) {
            log.info("Reconciliation: {} deal(s) entered a service stage since the last run: {}", dealIds.size(),
                    dealIds);
        }
        if (more) {
            log.info("Reconciliation: read {} pages of stage history (dealflow.reconciliation.max-pages); the next"
                    + " run continues after entry {}", properties.getMaxPages(), after);
        }
        return new Result(entries, dealIds.size(), more);
    }

    /** Earlier history is not replayed: the cursor starts at the portal's newest stage movement. */
    private Result startFromNow(String why) {
        long newest = deals.newestStageHistoryId().orElse(0L);
        cursors.save(CursorStore.BITRIX24_STAGE_HISTORY, Long.toString(newest));
        log.info("Reconciliation ({}): Bitrix24 stage history is read from entry {} on", why, newest);
        return new Result(0, 0, false);
    }
}
