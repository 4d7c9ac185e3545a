package io.dealflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When the loop's passes run: after a settle pause counted from the first wake-up. */
class BackgroundLoopTest {

    private static final Duration SETTLE = Duration.ofMillis(800);
    private static final Duration NO_POLL = Duration.ofMinutes(5);

    private final DispatchSignal signal = new DispatchSignal();
    private final List<Long> passStarts = new CopyOnWriteArrayList<>();
    private final List<Long> passEnds = new CopyOnWriteArrayList<>();
    private BackgroundLoop loop;

    @AfterEach
    void stop() {
        loop.stop();
    }

    @Test
    void waitsTheSettlePauseAfterAWakeUpAndHandlesABurstInOnePass() throws Exception {
        CountDownLatch passed = new CountDownLatch(1);
        start(() -> passed.countDown());

        long wokenAt = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            signal.wake();
            Thread.sleep(20);
        }
        assertThat(passed.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(SETTLE.toMillis() + 400);

        assertThat(passStarts).hasSize(1);
        assertThat(Duration.ofNanos(passStarts.get(0) - wokenAt)).isGreaterThanOrEqualTo(SETTLE);
    }

    @Test
    void doesNotHoldBackWorkThatArrivedWhileAPassRan() throws Exception {
        CountDownLatch secondPass = new CountDownLatch(2);
        Duration longPass = SETTLE.plusMillis(400);
        start(() -> {
            if (passStarts.size() == 1) {
                signal.wake(); // work stored while the first pass runs
                sleep(longPass);
            }
            secondPass.countDown();
        });

        signal.wake();
        assertThat(secondPass.await(10, TimeUnit.SECONDS)).isTrue();

        // the second wake-up came more than the settle pause before the first pass ended: no pause is left
        Duration gap = Duration.ofNanos(passStarts.get(1) - passEnds.get(0));
        assertThat(gap).isLessThan(SETTLE.dividedBy(2));
    }

    @Test
    void pausesOnlyWhatIsLeftOfTheSettleDelay() throws Exception {
        CountDownLatch secondPass = new CountDownLatch(2);
        Duration shortPass = SETTLE.dividedBy(2);
        start(() -> {
            if (passStarts.size() == 1) {
                signal.wake();
                sleep(shortPass);
            }
            secondPass.countDown();
        });

        signal.wake();
        assertThat(secondPass.await(10, TimeUnit.SECONDS)).isTrue();

        Duration fromWakeUp = Duration.ofNanos(passStarts.get(1) - passStarts.get(0));
        Duration gap = Duration.ofNanos(passStarts.get(1) - passEnds.get(0));
        assertThat(fromWakeUp).isGreaterThanOrEqualTo(SETTLE);
        assertThat(gap).isLessThan(SETTLE);
    }

    private void start(Runnable work) {
        loop = new BackgroundLoop("test-loop", signal, NO_POLL, SETTLE, () -> {
            passStarts.add(System.nanoTime());
            work.run();
            passEnds.add(System.nanoTime());
        });
        loop.start();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
