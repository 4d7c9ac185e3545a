package io.dealflow.inbox;

import java.util.Map;
import java.util.Set;

import io.dealflow.bitrix24.Bitrix24Properties;
import io.dealflow.metrics.DealFlowMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives Bitrix24 outbound-webhook deliveries. Bitrix24 never resends an event and de-prioritises slow
 * handlers, so the event is only checked and stored here; the deal is read later by {@link DealEventDispatcher}.
 * ONCRMDEALDELETE is stored like the others: reading the deal then finds it gone, which ends a waiting cycle.
 */
@RestController
public class Bitrix24WebhookController {

    private static final Logger log = LoggerFactory.getLogger(Bitrix24WebhookController.class);
    static final Set<String> DEAL_EVENTS = Set.of("ONCRMDEALADD", "ONCRMDEALUPDATE", "ONCRMDEALDELETE");

    private final Bitrix24Properties properties;
    private final DealEventInbox inbox;
    private final DealFlowMetrics metrics;

    public Bitrix24WebhookController(Bitrix24Properties properties, DealEventInbox inbox, DealFlowMetrics metrics) {
        this.properties = properties;
        this.inbox = inbox;
        this.metrics = metrics;
    }

    @PostMapping(path = "/webhooks/bitrix24", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<Map<String, String>> receive(@RequestParam MultiValueMap<String, String> form) {
        long started = System.nanoTime();
        try {
            return store(form);
        } finally {
            metrics.webhookAcknowledged(DealFlowMetrics.BITRIX24, System.nanoTime() - started);
        }
    }

    private ResponseEntity<Map<String, String>> store(MultiValueMap<String, String> form) {
        if (!SecretTokens.matches(properties.getApplicationToken(), form.getFirst("auth[application_token]"))) {
            metrics.eventRejected(DealFlowMetrics.BITRIX24, "unauthorized");
            return ResponseEntity.status(401).body(Map.of("error",
                    "auth[application_token] does not match dealflow.bitrix24.application-token"));
        }
        String event = form.getFirst("event");
        if (event == null || event.isBlank()) {
            return badRequest("the field 'event' is missing");
        }
        String normalized = event.trim().toUpperCase(java.util.Locale.ROOT);
        if (!DEAL_EVENTS.contains(normalized)) {
            metrics.eventsIgnored(DealFlowMetrics.BITRIX24, "event_type", 1);
            return ResponseEntity.ok(Map.of("status", "ignored", "reason", "DealFlow does not handle " + normalized));
        }
        String rawId = form.getFirst("data[FIELDS][ID]");
        if (rawId == null || rawId.isBlank()) {
            return badRequest("the field 'data[FIELDS][ID]' is missing");
        }
        long dealId;
        try {
            dealId = Long.parseLong(rawId.trim());
        } catch (NumberFormatException e) {
            return badRequest("data[FIELDS][ID] must be a deal ID (a number)");
        }
        if (dealId <= 0) {
            return badRequest("data[FIELDS][ID] must be a positive number");
        }
        inbox.record(dealId, normalized, form.getFirst("auth[domain]"));
        metrics.eventsReceived(DealFlowMetrics.BITRIX24, 1);
        log.debug("Stored {} for deal {}", normalized, dealId);
        return ResponseEntity.ok(Map.of("status", "accepted"));
    }

    private ResponseEntity<Map<String, String>> badRequest(String reason) {
        metrics.eventRejected(DealFlowMetrics.BITRIX24, "bad_request");
        return ResponseEntity.badRequest().body(Map.of("error", reason));
    }
}
