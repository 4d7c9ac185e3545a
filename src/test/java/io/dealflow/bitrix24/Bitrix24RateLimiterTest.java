package io.dealflow.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.dealflow.bitrix24.Bitrix24Exception.Kind;
import io.dealflow.metrics.DealFlowMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

/** The limiter alone, on a clock the test owns: waiting moves that clock, so nothing here sleeps. */
class Bitrix24RateLimiterTest {

    /** A time meter whose "parking" only moves its own clock and remembers how long it was asked to wait. */
    static final class FakeTime implements TimeMeter, BlockingStrategy {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
        private final AtomicLong parked = new AtomicLong();

        @Override public long currentTimeNanos() { return nanos.get(); }
        @Override public boolean isWallClockBased() { return false; }
        @Override public void park(long nanosToPark) {
            parked.addAndGet(nanosToPark);
            nanos.addAndGet(nanosToPark);
        }
        void advance(Duration duration) { nanos.addAndGet(duration.toNanos()); }
        Duration parked() { return Duration.ofNanos(parked.get()); }
        void resetParked() { parked.set(0); }
    }

    private final FakeTime time = new FakeTime();

    private static Bitrix24Properties.RateLimit settings(int burst, double perSecond, Duration maxWait) {
        Bitrix24Properties.RateLimit settings = new Bitrix24Properties.RateLimit();
        settings.setBurst(burst);
        settings.setPerSecond(perSecond);
        settings.setMaxWait(maxWait);
        return settings;
    }

    private Bitrix24RateLimiter limiter(Bitrix24Properties.RateLimit settings) {
        return new Bitrix24RateLimiter(settings, time, time);
    }

    @Test
    void everyWaitAndEveryRefusalIsCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Bitrix24RateLimiter limiter = new Bitrix24RateLimiter(settings(2, 2.0, Duration.ofSeconds(1)), time, time,
                new DealFlowMetrics(registry).rateLimitListener(DealFlowMetrics.BITRIX24));

        limiter.acquire("crm.deal.get");
        limiter.acquire("crm.deal.get");
        limiter.acquire("crm.deal.get");
        limiter.acquire("crm.deal.get");
        Timer waits = registry.get("dealflow.ratelimit.waits").tag("system", "bitrix24").timer();
        assertThat(waits.count()).as("the burst passes, then two calls wait").isEqualTo(2);
        assertThat(waits.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(1000.0);

        Bitrix24RateLimiter impatient = new Bitrix24RateLimiter(settings(2, 2.0, Duration.ofMillis(100)), time, time,
                new DealFlowMetrics(registry).rateLimitListener(DealFlowMetrics.BITRIX24));
        impatient.acquire("crm.deal.get");
        impatient.acquire("crm.deal.get");
        assertThatThrownBy(() -> impatient.acquire("crm.deal.get")).isInstanceOf(Bitrix24Exception.class);
        assertThat(registry.get("dealflow.ratelimit.refusals").tag("system", "bitrix24").counter().count())
                .as("the third would wait 500 ms, beyond max-wait").isEqualTo(1);
        assertThat(waits.count()).isEqualTo(2);
    }

    @Test
    void defaultsAreTheStandardPlansBucket() {
        Bitrix24Properties.RateLimit defaults = new Bitrix24Properties().getRateLimit();

        assertThat(defaults.isEnabled()).isTrue();
        assertThat(defaults.getBurst()).isEqualTo(50);
        assertThat(defaults.getPerSecond()).isEqualTo(2.0);
        assertThat(defaults.getMaxWait()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void letsFiftyThroughAtOnceThenOneEveryHalfSecond() {
        Bitrix24RateLimiter limiter = limiter(settings(50, 2.0, Duration.ofSeconds(30)));

        for (int i = 0; i < 50; i++) {
            limiter.acquire("crm.deal.get");
        }
        assertThat(time.parked()).isZero();

        limiter.acquire("crm.deal.get");
        assertThat(time.parked()).isEqualTo(Duration.ofMillis(500));
        for (int i = 0; i < 10; i++) {
            limiter.acquire("crm.deal.get");
        }
        assertThat(time.parked()).isEqualTo(Duration.ofMillis(5500));
    }

    @Test
    void enterpriseBucketLetsTwoHundredFiftyThroughThenFivePerSecond() {
        Bitrix24RateLimiter limiter = limiter(settings(250, 5.0, Duration.ofSeconds(30)));

        for (int i = 0; i < 250; i++) {
            limiter.acquire("batch");
        }
        assertThat(time.parked()).isZero();
        for (int i = 0; i < 5; i++) {
            limiter.acquire("batch");
        }
        assertThat(time.parked()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refillsWhileIdleUpToTheBurstButNotBeyond() {
        Bitrix24RateLimiter limiter = limiter(settings(50, 2.0, Duration.ofSeconds(30)));
        for (int i = 0; i < 50; i++) {
            limiter.acquire("crm.deal.get");
        }

        time.advance(Duration.ofSeconds(5)); // ten requests drained
        for (int i = 0; i < 10; i++) {
            limiter.acquire("crm.deal.get");
        }
        assertThat(time.parked()).isZero();
        limiter.acquire("crm.deal.get");
        assertThat(time.parked()).isEqualTo(Duration.ofMillis(500));

        time.advance(Duration.ofHours(1)); // a long pause refills to the burst, not more
        time.resetParked();
        for (int i = 0; i < 50; i++) {
            limiter.acquire("crm.deal.get");
        }
        assertThat(time.parked()).isZero();
        limiter.acquire("crm.deal.get");
        assertThat(time.parked()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void failsWithoutWaitingWhenTheWaitWouldExceedMaxWait() {
        Bitrix24RateLimiter limiter = limiter(settings(1, 0.5, Duration.ofMillis(1500)));
        limiter.acquire("crm.deal.get");

        // the next slot frees up in 2 s > 1.5 s: refused at once, nothing taken
        Bitrix24Exception e = catchThrowableOfType(Bitrix24Exception.class,
                () -> limiter.acquire("crm.deal.update"));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryable()).isTrue();
        assertThat(e.method()).isEqualTo("crm.deal.update");
        assertThat(e.getMessage()).contains("crm.deal.update", "was not sent", "client-side limit",
                "dealflow.bitrix24.rate-limit", "1500 ms");
        assertThat(time.parked()).isZero();

        // 0.6 s later the wait is 1.4 s: within max-wait, so the caller waits
        time.advance(Duration.ofMillis(600));
        limiter.acquire("crm.deal.update");
        assertThat(time.parked()).isEqualTo(Duration.ofMillis(1400));
    }

    @Test
    void disabledNeverWaitsNorRefuses() {
        Bitrix24Properties.RateLimit settings = settings(1, 0.001, Duration.ZERO);
        settings.setEnabled(false);
        Bitrix24RateLimiter limiter = limiter(settings);

        for (int i = 0; i < 1000; i++) {
            limiter.acquire("crm.deal.get");
        }
        assertThat(limiter.enabled()).isFalse();
        assertThat(time.parked()).isZero();
    }

    @Test
    void refusesSettingsThatAllowNoRequestNamingTheKey() {
        assertThatThrownBy(() -> limiter(settings(0, 2.0, Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dealflow.bitrix24.rate-limit.burst");
        assertThatThrownBy(() -> limiter(settings(50, 0, Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dealflow.bitrix24.rate-limit.per-second");
    }
}
