package io.dealflow.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.springframework.boot.actuate.health.Health;

/**
 * The result of a remote check, reused for {@code cacheFor}: however many probes ask, the remote system is asked
 * at most once per period, and concurrent probes wait for the one check in flight instead of each calling.
 */
final class CachedCheck {

    private final Supplier<Duration> cacheFor;
    private final Clock clock;
    private final Supplier<Health> check;
    private Health last;
    private Instant checkedAt;

    CachedCheck(Supplier<Duration> cacheFor, Clock clock, Supplier<Health> check) {
        this.cacheFor = cacheFor;
        this.clock = clock;
        this.check = check;
    }

    synchronized Health get() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(checkedAt.plus(cacheFor.get()))) {
            last = check.get();
            checkedAt = now;
        }
        return Health.status(last.getStatus()).withDetails(last.getDetails())
                .withDetail("checkedAt", checkedAt.toString()).build();
    }
}
