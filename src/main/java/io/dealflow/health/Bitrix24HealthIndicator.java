package io.dealflow.health;

import java.time.Clock;

import io.dealflow.bitrix24.Bitrix24Exception;
import io.dealflow.bitrix24.Bitrix24Exception.Kind;
import io.dealflow.bitrix24.DealGateway;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code bitrix24}: the inbound webhook is accepted and may read deals - one cheap call
 * ({@link DealGateway#checkDealAccess()}), through the client-side rate limit, at most once per
 * {@code dealflow.health.bitrix24.cache-for}. A revoked webhook or missing rights are DOWN with Bitrix24's error;
 * a portal that is throttling DealFlow is WARNING. The portal is shown with its secret masked.
 */
@Component
public class Bitrix24HealthIndicator implements HealthIndicator {

    private final DealGateway deals;
    private final CachedCheck cached;

    @Autowired
    public Bitrix24HealthIndicator(DealGateway deals, HealthProperties properties) {
        this(deals, properties, Clock.systemUTC());
    }

    Bitrix24HealthIndicator(DealGateway deals, HealthProperties properties, Clock clock) {
        this.deals = deals;
        this.cached = new CachedCheck(() -> properties.getBitrix24().getCacheFor(), clock, this::check);
    }

    @Override
    public Health health() {
        return cached.get();
    }

    private Health check() {
        Health.Builder health;
        try {
            deals.checkDealAccess();
            health = Health.up();
        } catch (Bitrix24Exception e) {
            boolean throttled = e.kind() == Kind.RATE_LIMITED || e.kind() == Kind.OPERATION_TIME_LIMIT;
            health = (throttled ? Health.status(HealthStatuses.WARNING) : Health.down())
                    .withDetail("error", e.getMessage())
                    .withDetail("errorKind", e.kind().name());
            if (e.kind() == Kind.AUTH) {
                health.withDetail("fix", "create a new inbound webhook (scope crm) or restore the user's rights,"
                        + " set DEALFLOW_BITRIX24_WEBHOOK_URL and restart");
            }
        }
        return health.withDetail("portal", deals.portal()).build();
    }
}
