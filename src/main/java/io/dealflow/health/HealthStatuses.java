package io.dealflow.health;

import org.springframework.boot.actuate.health.Status;

/**
 * DealFlow's status between UP and DOWN: it works, but an operator should act soon (a token about to expire, the
 * reconciliation falling behind). Ordered and mapped to HTTP 200 in application.yml
 * ({@code management.endpoint.health.status.*}).
 */
public final class HealthStatuses {

    public static final Status WARNING = new Status("WARNING");

    private HealthStatuses() {
    }
}
