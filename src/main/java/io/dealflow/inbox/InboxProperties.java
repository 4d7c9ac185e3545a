package io.dealflow.inbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Pacing of the event inboxes that sit between the webhooks and the engine. */
@ConfigurationProperties(prefix = "dealflow.inbox")
public class InboxProperties {

    /** Pause after a wake-up so that a burst of events for one deal is read once. */
    private Duration coalesceDelay = Duration.ofMillis(150);
    /**
     * Pause after a HubEx call wakes the correlator. HubEx calls once per change, and a technician's completion is
     * several changes at once (assignment, chat comment, completion): calls that arrive within the pause are
     * delivered as one, so the cycle reads the task once and the later calls are not stored, retried and dropped one
     * by one (docs/benchmarks.md).
     */
    private Duration taskEventCoalesceDelay = Duration.ofMillis(100);
    /** Poll interval when nobody wakes the dispatcher (events stored by another node). */
    private Duration pollInterval = Duration.ofSeconds(1);
    /** Deals read per Bitrix24 batch request (at most 50). */
    private int batchSize = 50;
    /**
     * Whether the dispatcher's deal reads go ahead of the running cycles' calls waiting for a Bitrix24 request. Its
     * read is one command per pass: going first, it turns a burst into cycles twice as soon at no measured cost in
     * cycles per second at the portal's limit (docs/benchmarks.md).
     */
    private boolean readsAhead = true;
    /**
     * Threads that start the cycles of one read side by side (each start is a transaction of its own and waits for
     * its commit). Without a Bitrix24 limit the starts are what caps the cycles per second: on 2 cores two threads
     * carried 17.5 a second against 13-14 with one, at no more CPU per cycle (docs/benchmarks.md).
     */
    private int dispatchThreads = 2;
    /** First retry delay of an event whose processing failed; doubles up to maxRetryDelay. */
    private Duration retryDelay = Duration.ofSeconds(2);
    private Duration maxRetryDelay = Duration.ofMinutes(5);
    /** How long a HubEx task event keeps trying to find its waiting process before it is parked. */
    private Duration taskEventMaxAge = Duration.ofHours(24);

    /** How long an event for a task that no cycle knows is kept (covers a create that has not committed yet). */
    private Duration unknownTaskGrace = Duration.ofMinutes(10);

    public Duration getUnknownTaskGrace() { return unknownTaskGrace; }
    public void setUnknownTaskGrace(Duration unknownTaskGrace) { this.unknownTaskGrace = unknownTaskGrace; }
    public Duration getCoalesceDelay() { return coalesceDelay; }
    public void setCoalesceDelay(Duration coalesceDelay) {
        this.coalesceDelay = notNegative("dealflow.inbox.coalesce-delay", coalesceDelay);
    }
    public Duration getTaskEventCoalesceDelay() { return taskEventCoalesceDelay; }
    public void setTaskEventCoalesceDelay(Duration taskEventCoalesceDelay) {
        this.taskEventCoalesceDelay = notNegative("dealflow.inbox.task-event-coalesce-delay", taskEventCoalesceDelay);
    }
    public Duration getPollInterval() { return pollInterval; }
    public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
    public int getDispatchThreads() { return dispatchThreads; }
    public void setDispatchThreads(int dispatchThreads) { this.dispatchThreads = dispatchThreads; }
    public boolean isReadsAhead() { return readsAhead; }
    public void setReadsAhead(boolean readsAhead) { this.readsAhead = readsAhead; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public Duration getRetryDelay() { return retryDelay; }
    public void setRetryDelay(Duration retryDelay) { this.retryDelay = retryDelay; }
    public Duration getMaxRetryDelay() { return maxRetryDelay; }
    public void setMaxRetryDelay(Duration maxRetryDelay) { this.maxRetryDelay = maxRetryDelay; }
    public Duration getTaskEventMaxAge() { return taskEventMaxAge; }
    public void setTaskEventMaxAge(Duration taskEventMaxAge) { this.taskEventMaxAge = taskEventMaxAge; }

    /** A negative pause is refused when the settings are bound: the loops would fail every pass with it. */
    private static Duration notNegative(String key, Duration pause) {
        if (pause.isNegative()) {
            throw new IllegalArgumentException(key + " must not be negative, got " + pause);
        }
        return pause;
    }
}
