package io.dealflow.inbox;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Wakes a background loop as soon as work was stored, instead of waiting for its next poll. */
final class DispatchSignal {

    private static final long NOT_WOKEN = Long.MIN_VALUE;

    private final Semaphore permits = new Semaphore(0);
    private final AtomicLong firstWake = new AtomicLong(NOT_WOKEN);

    void wake() {
        firstWake.compareAndSet(NOT_WOKEN, System.nanoTime());
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }

    /**
     * Waits until woken or the timeout passes; returns immediately if a wake-up is pending. Returns when the work
     * it waited for began to arrive: the {@link System#nanoTime()} of the first wake-up since the last call, or
     * now when none came.
     */
    long await(Duration timeout) throws InterruptedException {
        if (permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            permits.drainPermits();
        }
        long first = firstWake.getAndSet(NOT_WOKEN);
        return first == NOT_WOKEN ? System.nanoTime() : first;
    }

    /**
     * Forgets the wake-ups so far: called right before a pass, which sees all work stored before it (work is
     * stored, and committed, before the wake-up), so that only work stored during the pass calls for another.
     */
    void clear() {
        permits.drainPermits();
        firstWake.set(NOT_WOKEN);
    }
}
