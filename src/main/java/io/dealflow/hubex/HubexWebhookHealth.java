package io.dealflow.hubex;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The health of the tenant's webhooks ({@code GET /fsm/MSG/Webhooks}, reference §10): HubEx switches a webhook off
 * after 10 failed calls in a row, and then DealFlow hears of completed tasks only through the reconciliation.
 * {@link #check()} logs one WARN line per webhook that is switched off or has failed calls ({@code callsRemaining}
 * below 10), one INFO line when all are well, keeps the result for {@link #lastReport()} and, with
 * {@code dealflow.hubex.reactivate-webhooks=true}, switches inactive webhooks on again
 * ({@code PUT /fsm/MSG/Webhooks/activate/{id}}).
 *
 * <p>A webhook's URI may carry DealFlow's webhook token: it is never read into the report or the log, and URLs and
 * the token are masked in HubEx's {@code lastCall.exception} text.
 */
@Component
public class HubexWebhookHealth {

    /** HubEx's budget of failed calls; fewer calls remaining means the webhook has been failing. */
    public static final int FAILURE_BUDGET = 10;

    private static final Logger log = LoggerFactory.getLogger(HubexWebhookHealth.class);
    /** scheme://host kept, path and query (where tokens live) masked. */
    private static final Pattern URL = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^/\\s?#\"'<>]+)[^\\s\"'<>]*");
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("(?i)\\b(token|secret|key|password)=[^&\\s\"'<>]+");

    /**
     * One webhook as the last check saw it. {@code active} is the state HubEx reported; {@code reactivated} says
     * that DealFlow switched it on again afterwards. {@code callsRemaining} is null when HubEx did not say;
     * {@code lastError} is HubEx's {@code lastCall.exception} (URLs and tokens masked), null when there is none.
     */
    public record WebhookStatus(long id, String name, boolean active, Integer callsRemaining, String lastError,
                                boolean reactivated, Instant checkedAt) {

        public boolean healthy() {
            return active && (callsRemaining == null || callsRemaining >= FAILURE_BUDGET);
        }
    }

    private final HubexClient client;
    private final HubexProperties properties;
    private final Clock clock;
    private volatile List<WebhookStatus> lastReport = List.of();
    private volatile Instant lastCheckedAt;

    @Autowired
    public HubexWebhookHealth(HubexClient client, HubexProperties properties) {
        this(client, properties, Clock.systemUTC());
    }

    HubexWebhookHealth(HubexClient client, HubexProperties properties, Clock clock) {
        this.client = client;
        this.properties = properties;
        this.clock = clock;
    }

    /** Checks the webhooks, re-activating inactive ones when {@code dealflow.hubex.reactivate-webhooks} is on. */
    public List<WebhookStatus> check() {
        return check(properties.isReactivateWebhooks());
    }

    /**
     * Reads the webhooks, logs their health and keeps the result. Never throws: when HubEx cannot be read the
     * failure is logged, the previous report stays and an empty list is returned.
     */
    public List<WebhookStatus> check(boolean reactivate) {
        Map<Long, JsonNode> webhooks;
        try {
            webhooks = client.listWebhooks();
        } catch (RuntimeException e) {
            log.warn("HubEx webhook health: could not read the webhooks: {}", mask(e.getMessage()));
            return List.of();
        }
        Instant checkedAt = clock.instant();
        List<WebhookStatus> report = new ArrayList<>();
        webhooks.forEach((id, webhook) -> report.add(inspect(id, webhook, reactivate, checkedAt)));
        lastReport = List.copyOf(report);
        lastCheckedAt = checkedAt;
        if (report.isEmpty()) {
            log.warn("HubEx webhook health: HubEx lists no webhooks - DealFlow learns of task changes only from"
                    + " the reconciliation. Register the webhook in HubEx (Интеграция → Webhook'и)");
        } else if (report.stream().allMatch(WebhookStatus::healthy)) {
            log.info("HubEx webhook health: {} webhook(s) active, no failed calls", report.size());
        }
        return lastReport;
    }

    /** The result of the last check that could read HubEx; empty before the first one. */
    public List<WebhookStatus> lastReport() {
        return lastReport;
    }

    /** When HubEx's webhooks were last read; null before the first check that could read them. */
    public Instant lastCheckedAt() {
        return lastCheckedAt;
    }

    private WebhookStatus inspect(long id, JsonNode webhook, boolean reactivate, Instant checkedAt) {
        String name = webhook.path("name").asText("");
        boolean active = webhook.path("isActive").asBoolean(false);
        JsonNode remaining = webhook.path("callsRemaining");
        Integer callsRemaining = remaining.canConvertToInt() ? remaining.asInt() : null;
        JsonNode exception = webhook.path("lastCall").path("exception");
        String lastError = exception.isValueNode() && !exception.isNull() && !exception.asText().isBlank()
                ? mask(exception.asText()) : null;
        boolean reactivated = false;
        if (!active) {
            log.warn("HubEx webhook \"{}\" (ID {}) is switched off (callsRemaining {}, last error: {}): HubEx no"
                    + " longer calls it, so DealFlow learns of completed tasks only from the reconciliation. Switch it"
                    + " on in HubEx (Интеграция → Webhook'и) or set dealflow.hubex.reactivate-webhooks=true", name, id,
                    callsRemaining, lastError == null ? "none" : lastError);
            if (reactivate) {
                reactivated = reactivate(id, name);
            }
        } else if (callsRemaining != null && callsRemaining < FAILURE_BUDGET) {
            log.warn("HubEx webhook \"{}\" (ID {}) is failing: {} of {} calls remaining before HubEx switches it off"
                    + " (last error: {})", name, id, callsRemaining, FAILURE_BUDGET,
                    lastError == null ? "none" : lastError);
        }
        return new WebhookStatus(id, name, active, callsRemaining, lastError, reactivated, checkedAt);
    }

    private boolean reactivate(long id, String name) {
        try {
            client.activateWebhook(id);
            log.info("HubEx webhook \"{}\" (ID {}) switched on again by DealFlow",
                    name, id);
            return true;
        } catch (RuntimeException e) {
            log.warn("HubEx webhook \"{}\" (ID {}) could not be switched on again: {}", name, id,
                    mask(e.getMessage()));
            return false;
        }
    }

    /** Masks URLs (everything after scheme://host) and DealFlow's webhook token in a text from HubEx. */
    String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = URL.matcher(text).replaceAll("$1/***");
        masked = SECRET_PARAMETER.matcher(masked).replaceAll("$1=***");
        String token = properties.getWebhookToken();
        return token == null || token.isBlank() ? masked : masked.replace(token, "***");
    }
}
