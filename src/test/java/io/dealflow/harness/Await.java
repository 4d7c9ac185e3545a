package io.dealflow.harness;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling with a deadline, for conditions in other processes. */
final class Await {

    private Await() {
    }

    static void until(String what, Duration timeout, Duration every, BooleanSupplier condition) {
        until(what, timeout, every, condition, () -> "");
    }

    /** Fails with the detail (e.g. the tail of a log) when the condition does not hold in time. */
    static void until(String what, Duration timeout, Duration every, BooleanSupplier condition,
                      Supplier<String> detail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String more = detail.get();
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (more.isEmpty() ? "" : "\n" + more));
            }
            sleep(every);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
