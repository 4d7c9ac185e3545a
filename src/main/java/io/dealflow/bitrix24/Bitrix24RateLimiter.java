package io.dealflow.bitrix24;

import java.time.Duration;

import io.dealflow.bitrix24.Bitrix24Exception.Kind;
import io.dealflow.ratelimit.RateLimitBuckets;
import io.dealflow.ratelimit.RateLimitUnavailableException;
import io.dealflow.ratelimit.TokenBucketLimit;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.TimeMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-side copy of the portal's leaky bucket (reference §5.1): a Bucket4j token bucket of capacity
 * {@code burst}, refilled greedily at {@code per-second} tokens per second. A leaky bucket that refuses the request
 * which would overflow X and drains Y per second lets exactly the same requests through. One instance per portal,
 * shared by every thread: a caller takes one token per HTTP request (a batch is one request), waiting for it at most
 * {@code max-wait}; if no token can be had in time the call fails before anything is sent. The bucket lives where
 * {@link RateLimitBuckets} keeps it: in the database when several nodes share the portal (ADR 0013).
 */
final class Bitrix24RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(Bitrix24RateLimiter.class);

    private final TokenBucketLimit limit;
    private final int burst;
    private final double perSecond;

    /**
     * The limit of the portal {@code portal} (its host), in the bucket {@code buckets} keeps; {@code listener} hears
     * of every wait and refusal (the metrics).
     */
    Bitrix24RateLimiter(Bitrix24Properties.RateLimit settings, RateLimitBuckets buckets, String portal,
                        BucketListener listener) {
        this(settings, (refillPeriod, maxWait) -> buckets.bucket("bitrix24 " + portal,
                settings.getBurst(), 1, refillPeriod, maxWait, listener));
    }

    /** With a time meter and a way of waiting of the caller's choosing: tests drive time themselves. */
    Bitrix24RateLimiter(Bitrix24Properties.RateLimit settings, TimeMeter time, BlockingStrategy blocking) {
        this(settings, time, blocking, BucketListener.NOPE);
    }

    Bitrix24RateLimiter(Bitrix24Properties.RateLimit settings, TimeMeter time, BlockingStrategy blocking,
                        BucketListener listener) {
        this(settings, (refillPeriod, maxWait) -> TokenBucketLimit.of(settings.getBurst(), 1, refillPeriod,
                maxWait, time, blocking, listener));
    }

    private interface BucketFactory {
        TokenBucketLimit create(Duration refillPeriod, Duration maxWait);
    }

    private Bitrix24RateLimiter(Bitrix24Properties.RateLimit settings, BucketFactory buckets) {
        this.burst = settings.getBurst();
        this.perSecond = settings.getPerSecond();
        if (!settings.isEnabled()) {
            this.limit = TokenBucketLimit.off(settings.getMaxWait());
            return;
        }
        if (burst < 1) {
            throw new IllegalArgumentException("dealflow.bitrix24.rate-limit.burst must be at least 1, got " + burst
                    + " (set dealflow.bitrix24.rate-limit.enabled=false to switch the limit off)");
        }
        if (!(perSecond > 0) || perSecond > 1_000_000) {
            throw new IllegalArgumentException("dealflow.bitrix24.rate-limit.per-second must be above 0, got "
                    + perSecond + " (set dealflow.bitrix24.rate-limit.enabled=false to switch the limit off)");
        }
        // one token every 1/perSecond seconds, added continuously ("greedy"), like the portal's drain
        Duration refillPeriod = Duration.ofNanos(Math.round(1_000_000_000d / perSecond));
        this.limit = buckets.create(refillPeriod, settings.getMaxWait());
    }

    /**
     * Takes the slot of one request, waiting for it at most {@code max-wait}.
     *
     * @throws Bitrix24Exception {@link Kind#RATE_LIMITED} (retryable) when no slot frees up in time; nothing was sent
     */
    void acquire(String method) {
        boolean acquired;
        try {
            acquired = limit.tryAcquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Bitrix24Exception(Kind.UNAVAILABLE, method, "",
                    "interrupted while waiting for the Bitrix24 limit; " + method + " was not sent");
        } catch (RateLimitUnavailableException e) {
            throw new Bitrix24Exception(Kind.UNAVAILABLE, method, "", "Bitrix24 " + method + " was not sent: "
                    + e.getMessage() + " - the call will be repeated");
        }
        if (!acquired) {
            throw refusal(method);
        }
    }

    /** The error of a call that got no slot within {@code max-wait} and was therefore not sent. */
    Bitrix24Exception refusal(String method) {
        return new Bitrix24Exception(Kind.RATE_LIMITED, method, "", "Bitrix24 " + method
                + " was not sent: the client-side limit was reached (" + burst + " requests at once, then "
                + perSecond + " per second: dealflow.bitrix24.rate-limit.*) and no slot freed up within "
                + TokenBucketLimit.describe(limit.maxWait()) + " - the call will be repeated");
    }

    /**
     * Takes the slot of one request if one frees up within {@code wait}; nothing is thrown when none does. When the
     * shared bucket cannot be read it waits {@code wait} and answers no: the batcher's callers then fail after their
     * {@code max-wait} like callers that found no slot, and nothing is sent unaccounted.
     */
    boolean tryAcquire(Duration wait) throws InterruptedException {
        try {
            return limit.tryAcquire(wait);
        } catch (RateLimitUnavailableException e) {
            log.warn("Bitrix24 requests wait: {}", e.getMessage());
            Thread.sleep(Math.max(1, wait.toMillis()));
            return false;
        }
    }

    /** Gives back a slot that was taken and not used; lost if the shared bucket cannot be written (costs only time). */
    void release() {
        try {
            limit.release();
        } catch (RateLimitUnavailableException e) {
            log.warn("A Bitrix24 request slot could not be given back: {}", e.getMessage());
        }
    }

    boolean enabled() {
        return limit.enabled();
    }
}
