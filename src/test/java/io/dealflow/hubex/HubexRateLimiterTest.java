package io.dealflow.hubex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.dealflow.hubex.HubexException.Kind;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

/** The limiter alone, on a clock the test owns: waiting moves that clock, so nothing here sleeps. */
class HubexRateLimiterTest {

    static final class FakeTime implements TimeMeter, BlockingStrategy {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
        private final AtomicLong parked = new AtomicLong();

        @Override public long currentTimeNanos() { return nanos.get(); }
        @Override public boolean isWallClockBased() { return false; }
        @Override public void park(long nanosToPark) {
            parked.addAndGet(nanosToPark);
            nanos.addAndGet(nanosToPark);
        }
        Duration parked() { return Duration.ofNanos(parked.get()); }
    }

    private final FakeTime time = new FakeTime();

    private static HubexProperties.RateLimit settings(int perMinute, Integer burst, Duration maxWait) {
        HubexProperties.RateLimit settings = new HubexProperties.RateLimit();
        settings.setPerMinute(perMinute);
        settings.setBurst(burst);
        settings.setMaxWait(maxWait);
        return settings;
    }

    @Test
    void defaultsAreSixtyPerMinute() {
        HubexProperties properties = new HubexProperties();

        assertThat(properties.getRateLimit().isEnabled()).isTrue();
        assertThat(properties.getRateLimit().getPerMinute()).isEqualTo(60);
        assertThat(properties.getRateLimit().getBurst()).isNull();
        assertThat(properties.getRateLimit().getMaxWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.getRetries()).isEqualTo(2);
        assertThat(properties.getRetryBackoff()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void sixtyAtOnceByDefaultThenOnePerSecond() {
        HubexRateLimiter limiter = new HubexRateLimiter(settings(60, null, Duration.ofSeconds(30)), time, time);

        for (int i = 0; i < 60; i++) {
            limiter.acquire("read task 1");
        }
        assertThat(time.parked()).isZero();
        for (int i = 0; i < 3; i++) {
            limiter.acquire("read task 1");
        }
        assertThat(time.parked()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aSmallerBurstPacesSooner() {
        HubexRateLimiter limiter = new HubexRateLimiter(settings(120, 5, Duration.ofSeconds(30)), time, time);

        for (int i = 0; i < 5; i++) {
            limiter.acquire("read task 1");
        }
        assertThat(time.parked()).isZero();
        for (int i = 0; i < 4; i++) {
            limiter.acquire("read task 1");
        }
        assertThat(time.parked()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void failsWithoutWaitingWhenTheWaitWouldExceedMaxWait() {
        HubexRateLimiter limiter = new HubexRateLimiter(settings(6, 1, Duration.ofSeconds(5)), time, time);
        limiter.acquire("read task 1");

        HubexException e = catchThrowableOfType(HubexException.class, () -> limiter.acquire("create the task"));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.kind().retryable()).isTrue();
        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).startsWith("HubEx: could not create the task: not sent")
                .contains("client-side limit", "dealflow.hubex.rate-limit", "5 s");
        assertThat(time.parked()).isZero();
    }

    @Test
    void a429EmptiesTheBucket() {
        HubexRateLimiter limiter = new HubexRateLimiter(settings(60, null, Duration.ofSeconds(30)), time, time);
        limiter.acquire("read task 1");

        limiter.serverRefused();

        limiter.acquire("read task 1");
        assertThat(time.parked()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void disabledNeverWaits() {
        HubexProperties.RateLimit settings = settings(1, 1, Duration.ZERO);
        settings.setEnabled(false);
        HubexRateLimiter limiter = new HubexRateLimiter(settings, time, time);

        for (int i = 0; i < 100; i++) {
            limiter.acquire("read task 1");
        }
        assertThat(time.parked()).isZero();
    }

    @Test
    void refusesALimitOfNothingNamingTheKey() {
        assertThatThrownBy(() -> new HubexRateLimiter(settings(0, null, Duration.ZERO), time, time))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dealflow.hubex.rate-limit.per-minute");
    }
}
