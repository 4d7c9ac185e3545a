package io.dealflow.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.dealflow.bitrix24.Bitrix24Exception;
import io.dealflow.bitrix24.Bitrix24Exception.Kind;
import io.dealflow.bitrix24.DealGateway;
import io.dealflow.hubex.HubexClient;
import io.dealflow.hubex.HubexException;
import io.dealflow.hubex.HubexProperties;
import io.dealflow.hubex.HubexWebhookHealth;
import io.dealflow.reconciliation.CursorStore;
import io.dealflow.reconciliation.ReconciliationProperties;
import io.dealflow.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** The judgement of each indicator and the caching of remote checks, with a clock moved by hand. */
class HealthIndicatorsTest {

    private static final Instant NOW = Instant.parse("2026-03-10T09:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final HealthProperties properties = new HealthProperties();

    @Test
    void bitrix24IsAskedOncePerCachePeriodHoweverOftenTheHealthIsRead() {
        DealGateway deals = mock(DealGateway.class);
        when(deals.portal()).thenReturn("https://acme.bitrix24.ru/rest/1/***");
        properties.getBitrix24().setCacheFor(Duration.ofMinutes(5));
        Bitrix24HealthIndicator indicator = new Bitrix24HealthIndicator(deals, properties, clock);

        for (int i = 0; i < 10; i++) {
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
            clock.advance(Duration.ofSeconds(20));
        }
        verify(deals, times(1)).checkDealAccess();

        clock.advance(Duration.ofMinutes(2));
        Health health = indicator.health();
        verify(deals, times(2)).checkDealAccess();
        assertThat(health.getDetails()).containsEntry("portal", "https://acme.bitrix24.ru/rest/1/***")
                .containsEntry("checkedAt", NOW.plus(Duration.ofMinutes(5).plusSeconds(20)).toString());
    }

    @Test
    void aRevokedWebhookIsDownWithBitrix24sErrorAndAThrottlingPortalIsAWarning() {
        DealGateway deals = mock(DealGateway.class);
        when(deals.portal()).thenReturn("https://acme.bitrix24.ru/rest/1/***");
        properties.getBitrix24().setCacheFor(Duration.ZERO);
        Bitrix24HealthIndicator indicator = new Bitrix24HealthIndicator(deals, properties, clock);

        doThrow(new Bitrix24Exception(Kind.AUTH, "crm.deal.list", "NO_AUTH_FOUND",
                "Bitrix24 crm.deal.list failed: HTTP 401 NO_AUTH_FOUND")).when(deals).checkDealAccess();
        Health down = indicator.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("errorKind", "AUTH")
                .containsEntry("error", "Bitrix24 crm.deal.list failed: HTTP 401 NO_AUTH_FOUND")
                .containsKey("fix");

        doThrow(new Bitrix24Exception(Kind.RATE_LIMITED, "crm.deal.list", "QUERY_LIMIT_EXCEEDED",
                "Bitrix24 crm.deal.list failed: HTTP 503 QUERY_LIMIT_EXCEEDED")).when(deals).checkDealAccess();
        assertThat(indicator.health().getStatus()).isEqualTo(HealthStatuses.WARNING);
    }

    @Test
    void theServiceTokenIsAWarningFromThirtyDaysBeforeTheDateHubexShows() {
        HubexClient client = mock(HubexClient.class);
        when(client.renewAccessToken()).thenReturn(Duration.ofMinutes(30));
        HubexProperties hubex = new HubexProperties();
        properties.getHubex().setCacheFor(Duration.ofMinutes(5));
        HubexHealthIndicator indicator = new HubexHealthIndicator(client, hubex, properties, clock);

        Health unknownDate = indicator.health();
        assertThat(unknownDate.getStatus()).isEqualTo(Status.UP);
        assertThat(unknownDate.getDetails()).containsEntry("accessToken", "obtained")
                .containsEntry("accessTokenLifetime", "PT30M");
        assertThat((String) unknownDate.getDetails().get("serviceTokenValidUntil")).startsWith("unknown");

        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        hubex.setServiceTokenValidUntil(today.plusDays(60));
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(indicator.health().getDetails()).containsEntry("serviceTokenDaysLeft", 60L);

        hubex.setServiceTokenValidUntil(today.plusDays(29));
        Health soon = indicator.health();
        assertThat(soon.getStatus()).isEqualTo(HealthStatuses.WARNING);
        assertThat((String) soon.getDetails().get("serviceTokenWarning")).startsWith("the service token expires in 29");

        hubex.setServiceTokenValidUntil(today.minusDays(1));
        Health passed = indicator.health();
        assertThat(passed.getStatus()).as("HubEx still accepts it: the date is wrong").isEqualTo(HealthStatuses.WARNING);
        assertThat((String) passed.getDetails().get("serviceTokenWarning")).contains("still accepts");
        verify(client, times(1)).renewAccessToken();
    }

    @Test
    void aRefusedServiceTokenIsDown() {
        HubexClient client = mock(HubexClient.class);
        when(client.renewAccessToken()).thenThrow(new HubexException(HubexException.Kind.AUTH, 0,
                "HubEx: could not exchange the service token for an access token: HTTP 401 - check"
                        + " dealflow.hubex.service-token"));
        HubexProperties hubex = new HubexProperties();
        hubex.setServiceTokenValidUntil(LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(3));
        HubexHealthIndicator indicator = new HubexHealthIndicator(client, hubex, properties, clock);

        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("errorKind", "AUTH").containsKey("fix");
        assertThat((String) health.getDetails().get("serviceTokenWarning")).startsWith("the service token has expired");
    }

    @Test
    void theReconciliationLagIsJudgedInIntervalsSinceTheLastSuccessfulRun() {
        CursorStore cursors = mock(CursorStore.class);
        ReconciliationProperties reconciliation = new ReconciliationProperties();
        reconciliation.setInterval(Duration.ofMinutes(5));
        ReconciliationHealthIndicator indicator =
                new ReconciliationHealthIndicator(cursors, reconciliation, properties, clock);
        clock.advance(Duration.ofHours(2));
        Instant lastRun = clock.instant();
        when(cursors.lastRunAt()).thenReturn(Optional.of(lastRun));

        clock.advance(Duration.ofMinutes(15));
        Health upToDate = indicator.health();
        assertThat(upToDate.getStatus()).isEqualTo(Status.UP);
        assertThat(upToDate.getDetails()).containsEntry("lastSuccessfulRun", lastRun.toString())
                .containsEntry("sinceLastRun", "PT15M").containsEntry("interval", "PT5M");

        clock.advance(Duration.ofMinutes(1));
        Health behind = indicator.health();
        assertThat(behind.getStatus()).as("more than 3 intervals").isEqualTo(HealthStatuses.WARNING);
        assertThat((String) behind.getDetails().get("reason")).contains("no successful reconciliation run for PT16M");

        clock.advance(Duration.ofMinutes(45));
        assertThat(indicator.health().getStatus()).as("more than 12 intervals").isEqualTo(Status.DOWN);

        reconciliation.setEnabled(false);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(indicator.health().getDetails()).containsEntry("enabled", false);
    }

    @Test
    void aNodeThatWasDownCountsTheLagFromItsOwnStart() {
        CursorStore cursors = mock(CursorStore.class);
        when(cursors.lastRunAt()).thenReturn(Optional.of(NOW.minus(Duration.ofDays(3))));
        ReconciliationProperties reconciliation = new ReconciliationProperties();
        ReconciliationHealthIndicator indicator =
                new ReconciliationHealthIndicator(cursors, reconciliation, properties, clock);

        clock.advance(Duration.ofMinutes(4));
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(indicator.lag()).isEqualTo(Duration.ofMinutes(4));
        clock.advance(Duration.ofMinutes(12));
        assertThat(indicator.health().getStatus()).isEqualTo(HealthStatuses.WARNING);
    }

    @Test
    void theWebhookIsUnknownUntilAReconciliationRunHasCheckedIt() {
        HubexWebhookHealth webhooks = mock(HubexWebhookHealth.class);
        HubexWebhookHealthIndicator indicator = new HubexWebhookHealthIndicator(webhooks);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UNKNOWN);

        when(webhooks.lastCheckedAt()).thenReturn(NOW);
        when(webhooks.lastReport()).thenReturn(List.of());
        Health none = indicator.health();
        assertThat(none.getStatus()).isEqualTo(HealthStatuses.WARNING);
        assertThat((String) none.getDetails().get("reason")).startsWith("HubEx lists no webhooks");

        when(webhooks.lastReport()).thenReturn(List.of(new HubexWebhookHealth.WebhookStatus(7, "DealFlow", false, 0,
                "refused", true, NOW)));
        assertThat(indicator.health().getStatus()).as("switched on again by DealFlow").isEqualTo(HealthStatuses.WARNING);
        when(webhooks.lastReport()).thenReturn(List.of(new HubexWebhookHealth.WebhookStatus(7, "DealFlow", false, 0,
                "refused", false, NOW)));
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
    }
}
