package io.dealflow.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.bucket4j.BucketListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The buckets in PostgreSQL: one budget whichever node and thread takes from it, kept across restarts. */
class DatabaseRateLimitBucketsIT {

    private static final Duration HOUR = Duration.ofHours(1);

    @RegisterExtension
    static final SharedBucketsDatabase database = new SharedBucketsDatabase();

    private static TokenBucketLimit bucket(RateLimitBuckets buckets, String name, long capacity) {
        return buckets.bucket(name, capacity, 1, HOUR, Duration.ZERO, BucketListener.NOPE);
    }

    @Test
    void threadsOfTwoNodesTakeExactlyTheCapacityBetweenThem() throws Exception {
        TokenBucketLimit first = bucket(database.nodeBuckets(), "bitrix24 exact.bitrix24.ru", 10);
        TokenBucketLimit second = bucket(database.nodeBuckets(), "bitrix24 exact.bitrix24.ru", 10);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> takes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                TokenBucketLimit node = i % 2 == 0 ? first : second;
                takes.add(threads.submit(() -> node.tryAcquire()));
            }
            int granted = 0;
            for (Future<Boolean> take : takes) {
                granted += take.get() ? 1 : 0;
            }
            assertThat(granted).as("tokens granted to both nodes together").isEqualTo(10);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aRestartedNodeFindsTheBudgetAsItWasLeftInsteadOfAFreshBurst() throws Exception {
        TokenBucketLimit before = bucket(database.nodeBuckets(), "hubex restart.hubex.ru", 3);
        assertThat(before.tryAcquire()).isTrue();
        assertThat(before.tryAcquire()).isTrue();

        TokenBucketLimit afterRestart = bucket(database.nodeBuckets(), "hubex restart.hubex.ru", 3);

        assertThat(afterRestart.tryAcquire()).isTrue();
        assertThat(afterRestart.tryAcquire()).as("the capacity was spent before the restart").isFalse();
    }

    @Test
    void eachPortalAndEachLimitHasABucketOfItsOwn() throws Exception {
        DatabaseRateLimitBuckets buckets = database.nodeBuckets();
        TokenBucketLimit portal = bucket(buckets, "bitrix24 one.bitrix24.ru", 1);
        assertThat(portal.tryAcquire()).isTrue();
        assertThat(portal.tryAcquire()).isFalse();

        assertThat(bucket(buckets, "bitrix24 two.bitrix24.ru", 1).tryAcquire()).as("another portal").isTrue();
        assertThat(bucket(buckets, "bitrix24 one.bitrix24.ru", 2).tryAcquire())
                .as("the same portal with a changed limit (Enterprise plan): a state computed for another capacity"
                        + " is not inherited").isTrue();
    }

    @Test
    void aTokenGivenBackCanBeTakenByTheOtherNode() throws Exception {
        TokenBucketLimit first = bucket(database.nodeBuckets(), "bitrix24 giveback.bitrix24.ru", 1);
        TokenBucketLimit second = bucket(database.nodeBuckets(), "bitrix24 giveback.bitrix24.ru", 1);
        assertThat(first.tryAcquire()).isTrue();
        assertThat(second.tryAcquire()).isFalse();

        first.release();

        assertThat(second.tryAcquire()).isTrue();
    }

    @Test
    void aWaitForTheNextTokenIsSpreadOverBothNodes() throws Exception {
        // 2 at once, then one every 200 ms: 8 takes from two nodes need at least (8 - 2) x 200 ms
        DatabaseRateLimitBuckets firstNode = database.nodeBuckets();
        DatabaseRateLimitBuckets secondNode = database.nodeBuckets();
        TokenBucketLimit first = firstNode.bucket("bitrix24 paced.bitrix24.ru", 2, 1, Duration.ofMillis(200),
                Duration.ofSeconds(10), BucketListener.NOPE);
        TokenBucketLimit second = secondNode.bucket("bitrix24 paced.bitrix24.ru", 2, 1, Duration.ofMillis(200),
                Duration.ofSeconds(10), BucketListener.NOPE);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        try {
            List<Future<Boolean>> takes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                TokenBucketLimit node = i % 2 == 0 ? first : second;
                takes.add(threads.submit(() -> node.tryAcquire()));
            }
            for (Future<Boolean> take : takes) {
                assertThat(take.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1150));
    }

    @Test
    void anUnreachableDatabaseIsReportedAsTheSharedLimitBeingUnavailableNamingNoConnectionDetails() {
        TokenBucketLimit limit = bucket(database.unreachableBuckets(), "bitrix24 down.bitrix24.ru", 5);

        assertThatThrownBy(limit::tryAcquire).isInstanceOf(RateLimitUnavailableException.class)
                .hasMessageStartingWith("the rate limit shared in the database could not be read (")
                .hasMessageNotContaining(database.unreachableUrl())
                .hasMessageNotContaining("s3cret-db-password");
    }
}
