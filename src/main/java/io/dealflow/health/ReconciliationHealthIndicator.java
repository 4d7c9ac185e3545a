package io.dealflow.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.dealflow.reconciliation.CursorStore;
import io.dealflow.reconciliation.ReconciliationProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code reconciliation}: how long ago the last successful reconciliation run was, against
 * {@code dealflow.reconciliation.interval}. A run moves both cursors ({@code dealflow_cursor.updated_at}) only when
 * it succeeds, on whichever node ran it, so the lag grows while runs fail (incidents) or do not start (timer
 * suspended, job executor stopped). WARNING beyond {@code warn-after-intervals} intervals, DOWN beyond
 * {@code down-after-intervals}. The clock starts no earlier than this node's start: a node that was down for a
 * while is not DOWN before its first interval has passed. One query, no remote call.
 */
@Component
public class ReconciliationHealthIndicator implements HealthIndicator {

    private final CursorStore cursors;
    private final ReconciliationProperties reconciliation;
    private final HealthProperties properties;
    private final Clock clock;
    private final Instant startedAt;

    @Autowired
    public ReconciliationHealthIndicator(CursorStore cursors, ReconciliationProperties reconciliation,
                                         HealthProperties properties) {
        this(cursors, reconciliation, properties, Clock.systemUTC());
    }

    ReconciliationHealthIndicator(CursorStore cursors, ReconciliationProperties reconciliation,
                                  HealthProperties properties, Clock clock) {
        this.cursors = cursors;
        this.reconciliation = reconciliation;
        this.properties = properties;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** Time since the last successful run (or since this node started, if later). */
    public Duration lag() {
        Instant now = clock.instant();
        Optional<Instant> lastRun = cursors.lastRunAt();
        Instant since = lastRun.filter(run -> run.isAfter(startedAt)).orElse(startedAt);
        Duration lag = Duration.between(since, now);
        return lag.isNegative() ? Duration.ZERO : lag;
    }

    @Override
    public Health health() {
        Duration interval = reconciliation.getInterval();
        if (!reconciliation.isEnabled()) {
            return Health.up().withDetail("enabled", false).withDetail("interval", interval.toString()).build();
        }
        Duration lag = lag();
        Duration warnAfter = interval.multipliedBy(properties.getReconciliation().getWarnAfterIntervals());
        Duration downAfter = interval.multipliedBy(properties.getReconciliation().getDownAfterIntervals());
        Health.Builder health;
        if (lag.compareTo(downAfter) > 0) {
            health = Health.down();
        } else if (lag.compareTo(warnAfter) > 0) {
            health = Health.status(HealthStatuses.WARNING);
        } else {
            health = Health.up();
        }
        if (lag.compareTo(warnAfter) > 0) {
            health.withDetail("reason", "no successful reconciliation run for " + round(lag) + " (interval "
                    + interval + "): look for incidents of the process Reconciliation in Cockpit, and check that"
                    + " the job executor runs");
        }
        cursors.lastRunAt().ifPresent(run -> health.withDetail("lastSuccessfulRun", run.toString()));
        return health.withDetail("sinceLastRun", round(lag).toString())
                .withDetail("interval", interval.toString()).build();
    }

    private static Duration round(Duration duration) {
        return Duration.ofSeconds(duration.toSeconds());
    }
}
