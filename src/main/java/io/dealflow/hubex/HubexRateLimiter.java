package io.dealflow.hubex;

import java.time.Duration;

import io.dealflow.hubex.HubexException.Kind;
import io.dealflow.ratelimit.RateLimitBuckets;
import io.dealflow.ratelimit.RateLimitUnavailableException;
import io.dealflow.ratelimit.TokenBucketLimit;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.TimeMeter;

/**
 * The client-side limit of HubEx calls: a Bucket4j token bucket of capacity {@code burst} (default
 * {@code per-minute}), refilled greedily at {@code per-minute} tokens per minute. One instance per tenant, shared by
 * every thread: each HTTP request takes one token, waiting for it at most {@code max-wait}; if none can be had in
 * time the call fails before anything is sent. The bucket lives where {@link RateLimitBuckets} keeps it: in the
 * database when several nodes share the tenant (ADR 0013).
 */
final class HubexRateLimiter {

    private final TokenBucketLimit limit;
    private final int perMinute;
    private final int burst;

    /**
     * The limit of the tenant at {@code tenant} (the API's host), in the bucket {@code buckets} keeps;
     * {@code listener} hears of every wait and refusal (the metrics).
     */
    HubexRateLimiter(HubexProperties.RateLimit settings, RateLimitBuckets buckets, String tenant,
                     BucketListener listener) {
        this(settings, (burst, perMinute) -> buckets.bucket("hubex " + tenant, burst, perMinute,
                Duration.ofMinutes(1), settings.getMaxWait(), listener));
    }

    /** With a time meter and a way of waiting of the caller's choosing: tests drive time themselves. */
    HubexRateLimiter(HubexProperties.RateLimit settings, TimeMeter time, BlockingStrategy blocking) {
        this(settings, time, blocking, BucketListener.NOPE);
    }

    HubexRateLimiter(HubexProperties.RateLimit settings, TimeMeter time, BlockingStrategy blocking,
                     BucketListener listener) {
        this(settings, (burst, perMinute) -> TokenBucketLimit.of(burst, perMinute, Duration.ofMinutes(1),
                settings.getMaxWait(), time, blocking, listener));
    }

    private interface BucketFactory {
        TokenBucketLimit create(int burst, int perMinute);
    }

    private HubexRateLimiter(HubexProperties.RateLimit settings, BucketFactory buckets) {
        this.perMinute = settings.getPerMinute();
        this.burst = settings.getBurst() == null ? perMinute : settings.getBurst();
        if (!settings.isEnabled()) {
            this.limit = TokenBucketLimit.off(settings.getMaxWait());
            return;
        }
        if (perMinute < 1) {
            throw new IllegalArgumentException("dealflow.hubex.rate-limit.per-minute must be at least 1, got "
                    + perMinute + " (set dealflow.hubex.rate-limit.enabled=false to switch the limit off)");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("dealflow.hubex.rate-limit.burst must be at least 1, got " + burst);
        }
        this.limit = buckets.create(burst, perMinute);
    }

    /**
     * Takes the slot of one request, waiting for it at most {@code max-wait}.
     *
     * @throws HubexException {@link Kind#UNAVAILABLE} (retryable, status 0) when no slot frees up in time
     */
    void acquire(String action) {
        boolean acquired;
        try {
            acquired = limit.tryAcquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubexException(Kind.UNAVAILABLE, 0,
                    "HubEx: could not " + action + ": interrupted while waiting for the HubEx limit (not sent)");
        } catch (RateLimitUnavailableException e) {
            throw new HubexException(Kind.UNAVAILABLE, 0, "HubEx: could not " + action + ": not sent, "
                    + e.getMessage() + " - the call will be repeated");
        }
        if (!acquired) {
            throw new HubexException(Kind.UNAVAILABLE, 0, "HubEx: could not " + action + ": not sent, the"
                    + " client-side limit was reached (" + perMinute + " requests per minute, " + burst
                    + " at once: dealflow.hubex.rate-limit.*) and no slot freed up within "
                    + TokenBucketLimit.describe(limit.maxWait()) + " - the call will be repeated");
        }
    }

    /** The longest a caller waits for a slot (max-wait; zero when unset). */
    Duration maxWait() {
        return limit.maxWait();
    }

    /** HubEx answered 429: it counts differently from us; ours is emptied so every thread goes on at the set rate. */
    void serverRefused() {
        try {
            limit.drain();
        } catch (RateLimitUnavailableException e) {
            // the refusal is handled by the back-off all the same; the next take reports the database
        }
    }
}
