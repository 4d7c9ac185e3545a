package io.dealflow.ratelimit;

import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.TimeMeter;

/**
 * A Bucket4j token bucket with a bounded wait, shared by every thread of one client: {@code capacity} requests at
 * once, then {@code tokens} per {@code period}, added continuously. A caller that cannot have a token within
 * {@code maxWait} gets none and sends nothing. Each client turns a refusal into its own error (ADR 0006).
 */
public final class TokenBucketLimit {

    private final Bucket bucket;
    private final Duration maxWait;
    private final BlockingStrategy blocking;
    private final boolean shared;

    private TokenBucketLimit(Bucket bucket, Duration maxWait, BlockingStrategy blocking, boolean shared) {
        this.bucket = bucket;
        this.maxWait = maxWait == null || maxWait.isNegative() ? Duration.ZERO : maxWait;
        this.blocking = blocking;
        this.shared = shared;
    }

    /** No limit: every call passes at once ({@code maxWait} still bounds the waits callers plan around it). */
    public static TokenBucketLimit off(Duration maxWait) {
        return new TokenBucketLimit(null, maxWait, BlockingStrategy.PARKING, false);
    }

    /** With a time meter and a way of waiting of the caller's choosing: tests drive time themselves. */
    public static TokenBucketLimit of(long capacity, long tokens, Duration period, Duration maxWait, TimeMeter time,
                                      BlockingStrategy blocking) {
        return of(capacity, tokens, period, maxWait, time, blocking, BucketListener.NOPE);
    }

    /** The same, telling {@code listener} of every wait (onParked) and refusal (onRejected): the metrics. */
    public static TokenBucketLimit of(long capacity, long tokens, Duration period, Duration maxWait, TimeMeter time,
                                      BlockingStrategy blocking, BucketListener listener) {
        Bucket bucket = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(tokens, period).build())
                .withCustomTimePrecision(time)
                .build()
                .toListenable(listener);
        return new TokenBucketLimit(bucket, maxWait, blocking, false);
    }

    /**
     * A bucket whose state lives outside this node (Bucket4j's proxy of a database row): each take is a round trip,
     * and one that fails throws {@link RateLimitUnavailableException}.
     */
    public static TokenBucketLimit shared(Bucket remote, Duration maxWait, BlockingStrategy blocking) {
        return new TokenBucketLimit(remote, maxWait, blocking, true);
    }

    /**
     * Takes one token, waiting for it at most {@code maxWait}; false when none frees up in time (Bucket4j answers
     * at once when the wait would exceed it, otherwise it reserves the token and parks).
     */
    public boolean tryAcquire() throws InterruptedException {
        return tryAcquire(maxWait);
    }

    /**
     * Takes one token, waiting for it at most {@code wait} instead of {@code maxWait}: for a caller that waits in
     * slices and looks at other things in between.
     */
    public boolean tryAcquire(Duration wait) throws InterruptedException {
        if (bucket == null) {
            return true;
        }
        try {
            return wait.isZero() || wait.isNegative() ? bucket.tryConsume(1)
                    : bucket.asBlocking().tryConsume(1, wait, blocking);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    /** Gives back a token that was taken and not used. */
    public void release() {
        if (bucket != null) {
            try {
                bucket.addTokens(1);
            } catch (RuntimeException e) {
                throw unavailable(e);
            }
        }
    }

    /** Empties the bucket: from now on every thread goes at the refill rate. */
    public void drain() {
        if (bucket != null) {
            try {
                bucket.tryConsumeAsMuchAsPossible();
            } catch (RuntimeException e) {
                throw unavailable(e);
            }
        }
    }

    private RuntimeException unavailable(RuntimeException e) {
        return shared ? new RateLimitUnavailableException(e) : e;
    }

    public boolean enabled() {
        return bucket != null;
    }

    public Duration maxWait() {
        return maxWait;
    }

    /** "30 s" or "250 ms", for messages. */
    public static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
