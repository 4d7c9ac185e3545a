package io.dealflow.sandbox.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LeakyBucketTest {

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void refusesWhenTheBurstIsUsedUpAndRecoversAtTheDrainRate() {
        LeakyBucket bucket = new LeakyBucket(3, 2.0, nanos::get);

        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();

        nanos.addAndGet(400_000_000L); // 0.8 units drained: still full
        assertThat(bucket.tryAcquire()).isFalse();
        nanos.addAndGet(100_000_000L); // 1.0 unit drained
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();

        nanos.addAndGet(10_000_000_000L); // long pause empties the bucket, but never below zero
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
        assertThat(bucket.refusedCount()).as("every QUERY_LIMIT_EXCEEDED is counted").isEqualTo(4);
    }

    @Test
    void zeroSizeSwitchesTheLimitOffAndReconfiguringEmptiesTheBucket() {
        LeakyBucket bucket = new LeakyBucket(1, 0.0, nanos::get);
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();

        bucket.configure(0, 0.0);
        for (int i = 0; i < 1000; i++) {
            assertThat(bucket.tryAcquire()).isTrue();
        }

        bucket.configure(1, 0.0);
        assertThat(bucket.refusedCount()).isZero();
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
        assertThat(bucket.refusedCount()).isEqualTo(1);
    }
}
