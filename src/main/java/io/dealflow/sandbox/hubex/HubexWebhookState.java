package io.dealflow.sandbox.hubex;

import java.time.Instant;

/**
 * The simulator's one webhook registration. HubEx switches a webhook off after 10 consecutive failed calls;
 * a successful call refills the budget.
 */
public final class HubexWebhookState {

    public static final int ID = 1;
    public static final int FAILURE_BUDGET = 10;

    /** What {@code GET /MSG/Webhooks} shows; the last-call fields are null before the first call. */
    public record Status(int id, String name, boolean isActive, int callsRemaining, Instant lastCallStarted,
                         Instant lastCallCompleted, String lastCallException) {
    }

    private boolean active = true;
    private int callsRemaining = FAILURE_BUDGET;
    private Instant lastCallStarted;
    private Instant lastCallCompleted;
    private String lastCallException;

    public synchronized boolean isActive() {
        return active;
    }

    public synchronized void recordSuccess(Instant started, Instant completed) {
        recordCall(started, completed, null);
        callsRemaining = FAILURE_BUDGET;
    }

    public synchronized void recordFailure(Instant started, Instant completed, String exception) {
        recordCall(started, completed, exception);
        callsRemaining = Math.max(0, callsRemaining - 1);
        if (callsRemaining == 0) {
            active = false;
        }
    }

    public synchronized void activate() {
        active = true;
        callsRemaining = FAILURE_BUDGET;
    }

    public synchronized Status status() {
        return new Status(ID, "DealFlow (sandbox)", active, callsRemaining, lastCallStarted, lastCallCompleted,
                lastCallException);
    }

    synchronized void reset() {
        active = true;
        callsRemaining = FAILURE_BUDGET;
        lastCallStarted = null;
        lastCallCompleted = null;
        lastCallException = null;
    }

    private void recordCall(Instant started, Instant completed, String exception) {
        lastCallStarted = started;
        lastCallCompleted = completed;
        lastCallException = exception;
    }
}
