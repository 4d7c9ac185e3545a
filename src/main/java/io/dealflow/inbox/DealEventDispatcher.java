package io.dealflow.inbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.dealflow.bitrix24.Bitrix24Exception;
import io.dealflow.bitrix24.Deal;
import io.dealflow.bitrix24.DealGateway;
import io.dealflow.inbox.DealEventInbox.DueDeal;
import io.dealflow.metrics.DealFlowMetrics;
import io.dealflow.process.CycleStarter;
import io.dealflow.process.ProcessLogContext;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns stored deal events into service cycles: coalesces the events of each deal, reads up to 50 deals with one
 * Bitrix24 command, looks up their cycles with two queries, and starts a cycle for every deal that newly entered a
 * trigger stage (with {@code dealflow.inbox.dispatch-threads} above one, the deals of one read side by side). A
 * failure keeps the events for a later attempt with a growing delay; nothing is dropped except events of deleted
 * deals. A deal that was deleted or is in no trigger stage is reported to its waiting cycle, if any
 * ({@link DealLeftStageNotifier}).
 */
@Component
public class DealEventDispatcher {

    private static final Logger log = LoggerFactory.getLogger(DealEventDispatcher.class);

    private final DealEventInbox inbox;
    private final DealGateway deals;
    private final TriggerStageMatcher trigger;
    private final CycleStarter starter;
    private final InboxProperties properties;
    private final DealLeftStageNotifier leftStage;
    private final DealFlowMetrics metrics;
    private final BackgroundLoop loop;
    private final ExecutorService starters;

    public DealEventDispatcher(DealEventInbox inbox, DealGateway deals, TriggerStageMatcher trigger,
                               CycleStarter starter, DealLeftStageNotifier leftStage, InboxProperties properties,
                               DealFlowMetrics metrics) {
        this.inbox = inbox;
        this.metrics = metrics;
        this.leftStage = leftStage;
        this.deals = deals;
        this.trigger = trigger;
        this.starter = starter;
        this.properties = properties;
        this.loop = new BackgroundLoop("dealflow-deal-events", inbox.signal(), properties.getPollInterval(),
                properties.getCoalesceDelay(), this::dispatchDueEvents);
        if (properties.getDispatchThreads() < 1) {
            throw new IllegalArgumentException("dealflow.inbox.dispatch-threads must be at least 1, got "
                    + properties.getDispatchThreads());
        }
        AtomicInteger number = new AtomicInteger();
        this.starters = properties.getDispatchThreads() == 1 ? null
                : Executors.newFixedThreadPool(properties.getDispatchThreads(), runnable -> {
                    Thread thread = new Thread(runnable, "dealflow-deal-starter-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** One pass over the due events; returns how many deals were handled. */
    public int dispatchDueEvents() {
        int handled = 0;
        List<DueDeal> due;
        do {
            due = inbox.dueDeals(Math.min(50, properties.getBatchSize()));
            if (due.isEmpty()) {
                break;
            }
            Map<Long, Deal> read;
            CycleStarter.KnownCycles known;
            try {
                List<Long> ids = due.stream().map(DueDeal::dealId).toList();
                read = properties.isReadsAhead() ? deals.readDealsAhead(ids) : deals.readDeals(ids);
                known = starter.lookUp(read.values());
            } catch (RuntimeException e) {
                log.warn("Could not read {} deals, will try again: {}", due.size(), e.getMessage());
                due.forEach(d -> inbox.postpone(d, retryDelay(d.attempts()), e.getMessage()));
                break;
            }
            handleAll(due, read, known);
            handled += due.size();
        } while (due.size() == Math.min(50, properties.getBatchSize()));
        return handled;
    }

    /** Each deal once per pass, so no two threads ever handle the same deal; returns when all are handled. */
    private void handleAll(List<DueDeal> due, Map<Long, Deal> read, CycleStarter.KnownCycles known) {
        if (starters == null || due.size() == 1) {
            due.forEach(dueDeal -> handle(dueDeal, read.get(dueDeal.dealId()), known));
            return;
        }
        List<Future<?>> handling = new ArrayList<>(due.size());
        for (DueDeal dueDeal : due) {
            handling.add(starters.submit(() -> handle(dueDeal, read.get(dueDeal.dealId()), known)));
        }
        for (Future<?> one : handling) {
            try {
                one.get();
            } catch (InterruptedException e) {
                // shutting down: the deals not handled keep their events for the next start
                handling.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                // handle() keeps the events of a deal it could not handle; anything else is a bug worth a trace
                log.error("A deal could not be handled; its events are kept", e.getCause());
            }
        }
    }

    private void handle(DueDeal dueDeal, Deal deal, CycleStarter.KnownCycles known) {
        try (MDC.MDCCloseable dealContext = MDC.putCloseable(ProcessLogContext.DEAL_ID,
                String.valueOf(dueDeal.dealId()))) {
            DealLeftStageNotifier.Outcome left = DealLeftStageNotifier.Outcome.NO_OPEN_CYCLE;
            String ignored = null;
            if (deal == null) {
                log.info("Deal {} no longer exists in Bitrix24", dueDeal.dealId());
                left = leftStage.dealDeleted(dueDeal.dealId());
                ignored = "deal_deleted";
            } else if (trigger.isTriggerStage(deal)) {
                CycleStarter.Outcome started = starter.startIfNew(deal, dueDeal.firstReceivedAt(), known);
                if (started == CycleStarter.Outcome.ALREADY_STARTED) {
                    metrics.eventsDeduplicated(DealFlowMetrics.BITRIX24, "cycle_exists", 1);
                } else if (started == CycleStarter.Outcome.CYCLE_STILL_OPEN) {
                    ignored = "cycle_still_open";
                }
            } else {
                // most such events are of deals DealFlow has nothing to do with (any deal update of the portal):
                // without a running cycle there is nobody to tell, and the engine need not be asked again
                left = known.hasRunningCycle(deal.id()) ? leftStage.dealLeftStage(deal.id(), deal.stageId())
                        : DealLeftStageNotifier.Outcome.NO_OPEN_CYCLE;
                ignored = "not_in_trigger_stage";
            }
            if (left == DealLeftStageNotifier.Outcome.CYCLE_BUSY) {
                inbox.postpone(dueDeal, retryDelay(dueDeal.attempts()),
                        "the deal's cycle is busy; it is told once it waits for its task again");
                return;
            }
            int events = inbox.done(dueDeal);
            // one read handled them all: the first counts as what happened, the others as coalesced repeats
            metrics.eventsDeduplicated(DealFlowMetrics.BITRIX24, "coalesced", events - 1);
            if (ignored != null && left == DealLeftStageNotifier.Outcome.NO_OPEN_CYCLE) {
                metrics.eventsIgnored(DealFlowMetrics.BITRIX24, ignored, 1);
            }
        } catch (Bitrix24Exception e) {
            log.warn("Deal {}: {}; will try again", dueDeal.dealId(), e.getMessage());
            inbox.postpone(dueDeal, retryDelay(dueDeal.attempts()), e.getMessage());
        } catch (RuntimeException e) {
            log.error("Deal {}: could not start its service cycle; will try again", dueDeal.dealId(), e);
            inbox.postpone(dueDeal, retryDelay(dueDeal.attempts()), e.toString());
        }
    }

    private Duration retryDelay(int attempts) {
        long factor = 1L << Math.min(attempts, 16);
        Duration delay = properties.getRetryDelay().multipliedBy(factor);
        return delay.compareTo(properties.getMaxRetryDelay()) > 0 ? properties.getMaxRetryDelay() : delay;
    }

    /** Starts after the engine is ready, like the job executor, so that nothing starts half-configured. */
    @EventListener(ApplicationReadyEvent.class)
    public void onReady() {
        loop.start();
    }

    @PreDestroy
    public void shutdown() {
        loop.stop();
        if (starters != null) {
            starters.shutdownNow();
        }
    }
}
