package io.dealflow.sandbox.bitrix24;

import java.util.function.LongSupplier;

/**
 * The portal's request-intensity limit (§5.1): every request adds one unit, the bucket drains
 * {@code drainPerSecond} units per second, and a request that would overflow {@code bucketSize} is refused.
 * A size of zero or less switches the limit off.
 */
public class LeakyBucket {

    private final LongSupplier nanoClock;
    private int bucketSize;
    private double drainPerSecond;
    private double level;
    private long lastDrainNanos;
    private long refused;

    public LeakyBucket(int bucketSize, double drainPerSecond) {
        this(bucketSize, drainPerSecond, System::nanoTime);
    }

    LeakyBucket(int bucketSize, double drainPerSecond, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        configure(bucketSize, drainPerSecond);
    }

    /** Changes the limit at run time and empties the bucket and its refusal count, so a test starts from a known state. */
    public synchronized void configure(int bucketSize, double drainPerSecond) {
        this.bucketSize = bucketSize;
        this.drainPerSecond = Math.max(0, drainPerSecond);
        this.level = 0;
        this.refused = 0;
        this.lastDrainNanos = nanoClock.getAsLong();
    }

    /** Takes one unit; false when the bucket is full and the request must be refused. */
    public synchronized boolean tryAcquire() {
        if (bucketSize <= 0) {
            return true;
        }
        long now = nanoClock.getAsLong();
        level = Math.max(0, level - (now - lastDrainNanos) / 1e9 * drainPerSecond);
        lastDrainNanos = now;
        if (level + 1 > bucketSize) {
            refused++;
            return false;
        }
        level += 1;
        return true;
    }

    /** Requests refused with QUERY_LIMIT_EXCEEDED since the last {@link #configure}. */
    public synchronized long refusedCount() {
        return refused;
    }

    public synchronized int bucketSize() {
        return bucketSize;
    }

    public synchronized double drainPerSecond() {
        return drainPerSecond;
    }
}
