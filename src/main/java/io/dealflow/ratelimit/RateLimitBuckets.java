package io.dealflow.ratelimit;

import java.time.Duration;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.TimeMeter;

/**
 * Where the token buckets of the API limits live. Bitrix24 counts requests per portal and HubEx per tenant, not per
 * DealFlow node: with several nodes the bucket has to live in the database they share
 * ({@link DatabaseRateLimitBuckets}, ADR 0013); a single node may keep it in memory.
 */
public interface RateLimitBuckets {

    /**
     * The bucket of the API named {@code name} ("bitrix24 portal.bitrix24.ru"): {@code capacity} requests at once, then
     * {@code tokens} per {@code period}. Every node that asks for the same name and limit shares one bucket.
     */
    TokenBucketLimit bucket(String name, long capacity, long tokens, Duration period, Duration maxWait,
                            BucketListener listener);

    /** Whether the buckets are shared by every node on the database ("database") or this node's own ("node"). */
    String scope();

    /** Buckets in this node's memory. */
    static RateLimitBuckets inMemory() {
        return new RateLimitBuckets() {
            @Override
            public TokenBucketLimit bucket(String name, long capacity, long tokens, Duration period,
                                           Duration maxWait, BucketListener listener) {
                return TokenBucketLimit.of(capacity, tokens, period, maxWait, TimeMeter.SYSTEM_NANOTIME,
                        BlockingStrategy.PARKING, listener);
            }

            @Override
            public String scope() {
                return "node";
            }
        };
    }
}
