package io.dealflow.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

/**
 * Token buckets kept in PostgreSQL with Bucket4j's {@code SELECT … FOR UPDATE} proxy manager, so that every node on
 * the database draws from one budget per portal and tenant (ADR 0013). Taking a token is one short transaction on a
 * connection of its own, outside the caller's job transaction: a token that was spent stays spent even when the job
 * rolls back, as the request it paid for was sent.
 *
 * <p>The row's key is derived from the bucket's name <em>and</em> its limit, so a changed limit starts a bucket of
 * its own instead of inheriting a state computed for another capacity; nodes must run with the same limits.
 */
public final class DatabaseRateLimitBuckets implements RateLimitBuckets {

    /** Created by the migration {@code V7__rate_limit_buckets.sql}. */
    static final String TABLE = "dealflow_rate_limit_bucket";

    private final ProxyManager<Long> buckets;

    public DatabaseRateLimitBuckets(DataSource dataSource) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .table(TABLE)
                .idColumn("id")
                .stateColumn("state")
                .build();
    }

    @Override
    public TokenBucketLimit bucket(String name, long capacity, long tokens, Duration period, Duration maxWait,
                                   BucketListener listener) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(tokens, period).build())
                .build();
        long key = key(name + "|" + capacity + "|" + tokens + "|" + period.toNanos());
        return TokenBucketLimit.shared(buckets.builder().build(key, () -> configuration).toListenable(listener),
                maxWait, BlockingStrategy.PARKING);
    }

    @Override
    public String scope() {
        return "database";
    }

    /** A stable 64-bit key: the same on every node and every start (String.hashCode has only 32 bits). */
    static long key(String identity) {
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
    }
}
