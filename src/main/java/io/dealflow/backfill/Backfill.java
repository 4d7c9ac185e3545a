package io.dealflow.backfill;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.dealflow.backfill.BackfillReport.DealOutcome;
import io.dealflow.bitrix24.Bitrix24Exception;
import io.dealflow.bitrix24.Deal;
import io.dealflow.bitrix24.DealGateway;
import io.dealflow.bitrix24.DealGateway.DealPage;
import io.dealflow.inbox.TriggerStageMatcher;
import io.dealflow.process.CycleStarter;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts cycles for every deal that sits in a trigger stage now - after installing DealFlow, or after an outage
 * longer than the reconciliation reaches back. Deals are listed 50 per request ({@code crm.deal.list} by
 * {@code >ID}, {@code order ID ASC}, {@code start=-1}, through the client-side rate limit) and each goes through
 * {@link CycleStarter}, whose registry never starts a second cycle for a stage entry: a backfill can be repeated,
 * run on two nodes at once or overlap the live events without duplicating anything. A dry run only says what it
 * would do. One run at a time per node, in the background; starts are paced ({@code dealflow.backfill.*}).
 */
@Component
public class Backfill {

    static final String WOULD_START = "would start";
    static final String STARTED = "started";
    static final String OPEN_CYCLE = "already has an open cycle";
    static final String DONE_FOR_THIS_ENTRY = "cycle done for this stage entry";
    private static final Logger log = LoggerFactory.getLogger(Backfill.class);
    private static final int PAGE_SIZE = 50;
    private static final int LIST_ATTEMPTS = 3;

    private final DealGateway deals;
    private final TriggerStageMatcher trigger;
    private final CycleStarter starter;
    private final BackfillProperties properties;
    private final Clock clock;
    private Run current;
    private Thread worker;

    public Backfill(DealGateway deals, TriggerStageMatcher trigger, CycleStarter starter,
                    BackfillProperties properties) {
        this.deals = deals;
        this.trigger = trigger;
        this.starter = starter;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /** Starts a run in the background; empty when one is running already. */
    public synchronized Optional<BackfillReport> start(boolean dryRun) {
        if (current != null && current.running()) {
            return Optional.empty();
        }
        Run run = new Run(dryRun, clock.instant(), properties.getMaxListed());
        current = run;
        worker = new Thread(() -> execute(run), "dealflow-backfill");
        worker.setDaemon(true);
        worker.start();
        return Optional.of(run.report());
    }

    /** The running or the last run; IDLE before the first. */
    public synchronized BackfillReport report() {
        return current == null ? BackfillReport.idle() : current.report();
    }

    /** Asks a running run to stop after the deal at hand; false when none runs. */
    public synchronized boolean cancel() {
        if (current == null || !current.running()) {
            return false;
        }
        current.cancel();
        return true;
    }

    /** Waits for the current run to end (tests, shutdown). */
    void awaitEnd(Duration timeout) throws InterruptedException {
        Thread running;
        synchronized (this) {
            running = worker;
        }
        if (running != null) {
            running.join(timeout.toMillis());
        }
    }

    @PreDestroy
    public void shutdown() {
        cancel();
    }

    /** One run, start to end, on the worker thread. */
    void execute(Run run) {
        String what = run.dryRun ? "Backfill (dry run)" : "Backfill";
        try {
            Set<String> stageIds = trigger.triggerStageIds();
            if (stageIds.isEmpty()) {
                throw new IllegalStateException("no Bitrix24 stage matches dealflow.trigger.stage-ids or"
                        + " stage-name-prefix");
            }
            log.info("{} started: deals in the stages {}", what, stageIds);
            long afterId = 0;
            boolean first = true;
            while (!run.cancelled()) {
                DealPage page = list(stageIds, afterId, first);
                if (first) {
                    run.total(page.total());
                    first = false;
                }
                for (Deal deal : page.deals()) {
                    if (run.cancelled()) {
                        break;
                    }
                    handle(run, deal);
                    afterId = Math.max(afterId, deal.id());
                    if (run.processed() % Math.max(1, properties.getProgressEvery()) == 0) {
                        log.info("{}: {} of {} deals processed, {} started, {} would start, {} skipped, {} failed",
                                what, run.processed(), run.totalText(), run.started, run.wouldStart, run.skipped,
                                run.failed);
                    }
                }
                if (page.deals().size() < PAGE_SIZE) {
                    break;
                }
            }
            run.end(run.cancelled() ? BackfillReport.CANCELLED : BackfillReport.FINISHED, null, clock.instant());
            log.info("{} {}: {} deals processed, {} started, {} would start, {} skipped, {} failed", what,
                    run.cancelled() ? "cancelled" : "finished", run.processed(), run.started, run.wouldStart,
                    run.skipped, run.failed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.end(BackfillReport.CANCELLED, "interrupted", clock.instant());
        } catch (RuntimeException e) {
            log.warn("{} failed after {} deals: {}", what, run.processed(), e.getMessage());
            run.end(BackfillReport.FAILED, e.getMessage(), clock.instant());
        }
    }

    /** One page; a retryable Bitrix24 failure is tried again a few times with a growing pause. */
    private DealPage list(Set<String> stageIds, long afterId, boolean withTotal) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return deals.dealsInStages(stageIds, afterId, withTotal);
            } catch (Bitrix24Exception e) {
                if (!e.retryable() || attempt >= LIST_ATTEMPTS) {
                    throw e;
                }
                log.info("Backfill: listing deals failed ({}); trying again", e.getMessage());
                Thread.sleep(5_000L * attempt);
            }
        }
    }

    private void handle(Run run, Deal deal) throws InterruptedException {
        try {
            CycleStarter.Preview preview = starter.preview(deal);
            if (preview == CycleStarter.Preview.OPEN_CYCLE) {
                run.skipped(deal, OPEN_CYCLE);
            } else if (preview == CycleStarter.Preview.DONE_FOR_THIS_ENTRY) {
                run.skipped(deal, DONE_FOR_THIS_ENTRY);
            } else if (run.dryRun) {
                run.wouldStart(deal);
            } else {
                pace();
                switch (starter.startIfNew(deal)) {
                    case STARTED -> run.started(deal);
                    // the live events got there first
                    case ALREADY_STARTED -> run.skipped(deal, DONE_FOR_THIS_ENTRY);
                    case CYCLE_STILL_OPEN -> run.skipped(deal, OPEN_CYCLE);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Backfill: deal {} failed: {}", deal.id(), e.getMessage());
            run.failed(deal, e.getMessage());
        }
    }

    private void pace() throws InterruptedException {
        int perMinute = properties.getStartsPerMinute();
        if (perMinute > 0) {
            Thread.sleep(60_000L / perMinute);
        }
    }

    /** The state of one run; written by the worker, read by GET. */
    static final class Run {
        final boolean dryRun;
        final Instant startedAt;
        final int maxListed;
        private final List<DealOutcome> listed = new ArrayList<>();
        private volatile boolean cancelRequested;
        private String state = BackfillReport.RUNNING;
        private Integer total;
        private int processed;
        private int started;
        private int wouldStart;
        private int skipped;
        private int failed;
        private boolean truncated;
        private String error;
        private Instant finishedAt;

        Run(boolean dryRun, Instant startedAt, int maxListed) {
            this.dryRun = dryRun;
            this.startedAt = startedAt;
            this.maxListed = maxListed;
        }

        synchronized boolean running() {
            return BackfillReport.RUNNING.equals(state);
        }

        void cancel() {
            cancelRequested = true;
        }

        boolean cancelled() {
            return cancelRequested || Thread.currentThread().isInterrupted();
        }

        synchronized void total(Integer total) {
            this.total = total;
        }

        synchronized String totalText() {
            return total == null ? "?" : total.toString();
        }

        synchronized int processed() {
            return processed;
        }

        synchronized void started(Deal deal) {
            started++;
            list(deal, STARTED);
        }

        synchronized void wouldStart(Deal deal) {
            wouldStart++;
            list(deal, WOULD_START);
        }

        synchronized void skipped(Deal deal, String why) {
            skipped++;
            list(deal, why);
        }

        synchronized void failed(Deal deal, String why) {
            failed++;
            list(deal, "failed: " + why);
        }

        private void list(Deal deal, String outcome) {
            processed++;
            if (listed.size() < maxListed) {
                listed.add(new DealOutcome(deal.id(), deal.title(), deal.stageId(), outcome));
            } else {
                truncated = true;
            }
        }

        synchronized void end(String state, String error, Instant at) {
            this.state = state;
            this.error = error;
            this.finishedAt = at;
        }

        synchronized BackfillReport report() {
            return new BackfillReport(state, dryRun, startedAt, finishedAt, total, processed, started, wouldStart,
                    skipped, failed, error, List.copyOf(listed), truncated);
        }
    }
}
