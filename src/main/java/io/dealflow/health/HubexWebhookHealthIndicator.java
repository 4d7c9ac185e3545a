package io.dealflow.health;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dealflow.hubex.HubexWebhookHealth;
import io.dealflow.hubex.HubexWebhookHealth.WebhookStatus;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code hubexWebhook}: what the last webhook check of this node found ({@link HubexWebhookHealth}, run by every
 * reconciliation; no call of its own). A webhook HubEx switched off is DOWN - completions then arrive only through
 * the reconciliation; one with failed calls, one DealFlow just switched on again, or none at all is WARNING;
 * UNKNOWN before the first check on this node.
 */
@Component
public class HubexWebhookHealthIndicator implements HealthIndicator {

    private final HubexWebhookHealth webhooks;

    public HubexWebhookHealthIndicator(HubexWebhookHealth webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public Health health() {
        Instant checkedAt = webhooks.lastCheckedAt();
        if (checkedAt == null) {
            return Health.unknown().withDetail("reason", "not checked on this node yet: every reconciliation run"
                    + " reads HubEx's webhooks (none while dealflow.reconciliation.enabled=false)").build();
        }
        List<WebhookStatus> report = webhooks.lastReport();
        Health.Builder health;
        if (report.isEmpty()) {
            health = Health.status(HealthStatuses.WARNING).withDetail("reason", "HubEx lists no webhooks: DealFlow"
                    + " learns of task changes only from the reconciliation. Register the webhook in HubEx"
                    + " (Интеграция → Webhook'и)");
        } else if (report.stream().anyMatch(w -> !w.active() && !w.reactivated())) {
            health = Health.down().withDetail("reason", "HubEx switched a webhook off after 10 failed calls: fix"
                    + " the cause its last error names, then switch it on in HubEx or set"
                    + " DEALFLOW_HUBEX_REACTIVATE_WEBHOOKS=true");
        } else if (report.stream().allMatch(WebhookStatus::healthy)) {
            health = Health.up();
        } else {
            health = Health.status(HealthStatuses.WARNING).withDetail("reason", "a webhook has failed calls or was"
                    + " just switched on again: check its last error");
        }
        return health.withDetail("checkedAt", checkedAt.toString())
                .withDetail("webhooks", report.stream().map(HubexWebhookHealthIndicator::describe).toList())
                .build();
    }

    private static Map<String, Object> describe(WebhookStatus webhook) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("id", webhook.id());
        details.put("name", webhook.name());
        details.put("active", webhook.active());
        if (webhook.callsRemaining() != null) {
            details.put("callsRemaining", webhook.callsRemaining());
        }
        if (webhook.lastError() != null) {
            details.put("lastError", webhook.lastError());
        }
        if (webhook.reactivated()) {
            details.put("reactivatedByDealFlow", true);
        }
        return details;
    }
}
