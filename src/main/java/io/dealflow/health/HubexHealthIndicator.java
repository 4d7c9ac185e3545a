package io.dealflow.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.dealflow.hubex.HubexClient;
import io.dealflow.hubex.HubexException;
import io.dealflow.hubex.HubexProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code hubex}: the service token is still exchanged for an access token (one exchange at most once per
 * {@code dealflow.health.hubex.cache-for}; the fresh token replaces the client's, so nothing is wasted), and the
 * service token is not about to expire. HubEx's API does not tell a service token's expiry - its admin UI shows
 * it («Действителен до») - so that date comes from {@code dealflow.hubex.service-token-valid-until}: WARNING from
 * {@code service-token-warn-before} ahead of it. A refused token is DOWN with HubEx's answer, never the token.
 */
@Component
public class HubexHealthIndicator implements HealthIndicator {

    private final HubexClient client;
    private final HubexProperties hubex;
    private final HealthProperties properties;
    private final Clock clock;
    private final CachedCheck cached;

    @Autowired
    public HubexHealthIndicator(HubexClient client, HubexProperties hubex, HealthProperties properties) {
        this(client, hubex, properties, Clock.systemUTC());
    }

    HubexHealthIndicator(HubexClient client, HubexProperties hubex, HealthProperties properties, Clock clock) {
        this.client = client;
        this.hubex = hubex;
        this.properties = properties;
        this.clock = clock;
        this.cached = new CachedCheck(() -> properties.getHubex().getCacheFor(), clock, this::exchange);
    }

    @Override
    public Health health() {
        Health access = cached.get();
        Health.Builder health = Health.status(access.getStatus()).withDetails(access.getDetails());
        LocalDate validUntil = hubex.getServiceTokenValidUntil();
        if (validUntil == null) {
            return health.withDetail("serviceTokenValidUntil", "unknown: set dealflow.hubex.service-token-valid-until"
                    + " to the date HubEx shows for the token to be warned before it expires").build();
        }
        // valid through the whole day HubEx names
        Instant expires = validUntil.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Duration left = Duration.between(clock.instant(), expires);
        health.withDetail("serviceTokenValidUntil", validUntil.toString())
                .withDetail("serviceTokenDaysLeft", Math.max(0, left.toDays()));
        boolean accepted = access.getStatus().equals(org.springframework.boot.actuate.health.Status.UP);
        if (left.isNegative()) {
            health.withDetail("serviceTokenWarning", accepted
                    ? "the configured expiry date has passed but HubEx still accepts the token: correct"
                            + " dealflow.hubex.service-token-valid-until"
                    : "the service token has expired: generate a new one for the API user, set"
                            + " DEALFLOW_HUBEX_SERVICE_TOKEN and DEALFLOW_HUBEX_SERVICE_TOKEN_VALID_UNTIL, restart");
            if (accepted) {
                health.status(HealthStatuses.WARNING);
            }
        } else if (left.compareTo(properties.getHubex().getServiceTokenWarnBefore()) < 0) {
            health.withDetail("serviceTokenWarning", "the service token expires in " + left.toDays() + " day(s):"
                    + " generate a new one for the API user (Интеграция → Служебные пользователи), set"
                    + " DEALFLOW_HUBEX_SERVICE_TOKEN and DEALFLOW_HUBEX_SERVICE_TOKEN_VALID_UNTIL, restart");
            if (accepted) {
                health.status(HealthStatuses.WARNING);
            }
        }
        return health.build();
    }

    private Health exchange() {
        try {
            Duration lifetime = client.renewAccessToken();
            return Health.up().withDetail("accessToken", "obtained")
                    .withDetail("accessTokenLifetime", lifetime.toString()).build();
        } catch (HubexException e) {
            Health.Builder down = Health.down().withDetail("error", e.getMessage())
                    .withDetail("errorKind", e.kind().name());
            if (e.kind() == HubexException.Kind.AUTH) {
                down.withDetail("fix", "check DEALFLOW_HUBEX_SERVICE_TOKEN (it may have expired or been"
                        + " regenerated) and DEALFLOW_HUBEX_APPLICATION_ID");
            }
            return down.build();
        }
    }
}
