package io.dealflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.dealflow.hubex.HubexWebhookHealth;
import io.dealflow.hubex.HubexWebhookHealth.WebhookStatus;
import io.dealflow.reconciliation.ReconciliationSchedule;
import io.dealflow.sandbox.hubex.HubexWebhookState;
import io.dealflow.support.EndToEndTestBase;
import io.dealflow.support.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The simulated tenant switches its webhook off after 10 failed calls; the health check reads that over real HTTP
 * ({@code GET /fsm/MSG/Webhooks}) and, with re-activation, switches it on again ({@code PUT .../activate/{id}}).
 */
class WebhookHealthIT extends EndToEndTestBase {

    /** What a failed call of the real HubEx might record: its error quotes the URL with the token. */
    private static final String FAILURE = "HttpRequestException: http://localhost/webhooks/hubex?token=sandbox-hubex-token"
            + " refused";

    @Autowired HubexWebhookHealth health;

    @AfterEach
    void switchTheWebhookOnAgain() {
        hubex.webhook().activate();
    }

    private void failTenTimes() {
        for (int i = 0; i < HubexWebhookState.FAILURE_BUDGET; i++) {
            Instant now = Instant.now();
            hubex.webhook().recordFailure(now, now, FAILURE);
        }
        assertThat(hubex.webhook().isActive()).as("switched off after 10 failures").isFalse();
    }

    @Test
    void aSwitchedOffWebhookIsReportedAndSwitchedOnAgainWhenReactivationIsOn() {
        failTenTimes();

        List<WebhookStatus> report = health.check(true);

        assertThat(report).singleElement().satisfies(status -> {
            assertThat(status.id()).isEqualTo(HubexWebhookState.ID);
            assertThat(status.active()).as("as HubEx reported it").isFalse();
            assertThat(status.callsRemaining()).isZero();
            assertThat(status.reactivated()).isTrue();
            assertThat(status.lastError()).isEqualTo("HttpRequestException: http://localhost/*** refused")
                    .doesNotContain("sandbox-hubex-token");
        });
        assertThat(health.lastReport()).isEqualTo(report);
        assertThat(hubex.webhook().isActive()).as("the simulator's webhook is active again").isTrue();
        assertThat(hubex.webhook().status().callsRemaining()).isEqualTo(HubexWebhookState.FAILURE_BUDGET);

        List<WebhookStatus> next = health.check(true);
        assertThat(next).singleElement().satisfies(status -> {
            assertThat(status.healthy()).isTrue();
            assertThat(status.reactivated()).isFalse();
        });
    }

    @Test
    void aReconciliationRunReportsASwitchedOffWebhookAndLeavesItOffByDefault() {
        failTenTimes();

        String id = runtimeService.startProcessInstanceByKey(ReconciliationSchedule.PROCESS_KEY).getId();
        Eventually.await("reconciliation run " + id + " to end", TIMEOUT, () -> historyService
                .createHistoricProcessInstanceQuery().processInstanceId(id).finished().count() == 1);

        assertThat(health.lastReport()).singleElement().satisfies(status -> {
            assertThat(status.active()).isFalse();
            assertThat(status.reactivated()).isFalse();
        });
        assertThat(hubex.webhook().isActive()).as("dealflow.hubex.reactivate-webhooks is false").isFalse();
    }
}
