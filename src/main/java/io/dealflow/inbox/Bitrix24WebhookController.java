package io.dealflow.inbox;

import java.util.Map;
import java.util.Set;

import io.dealflow.bitrix24.Bitrix24Properties;
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

    public Bitrix24WebhookController(Bitrix24Properties properties, DealEventInbox inbox) {
        this.properties = properties;
        this.inbox = inbox;
    }

    @PostMapping(path = "/webhooks/bitrix24", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<Map<String, String>> receive(@RequestParam MultiValueMap<String, String> form) {
        if (!SecretTokens.matches(properties.getApplicationToken(), form.getFirst("auth[application_token]"))) {
            return ResponseEntity.status(401).body(Map.of("error",
                    "auth[application_token] does not match dealflow.bitrix24.application-token"));
        }
        String event = form.getFirst("event");
        if (event == null || event.isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("error", "the field 'event' is missing"));
        }
        String normalized = event.trim().toUpperCase(java.util.Locale.ROOT);
        if (!DEAL_EVENTS.contains(normalized)) {
            return ResponseEntity.ok(Map.of("status", "ignored", "reason", "DealFlow does not handle " + normalized));
        }
        String rawId = form.getFirst("data[FIELDS][ID]");
        if (rawId == null || rawId.isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("error", "the field 'data[FIELDS][ID]' is missing"));
        }
        long dealId;
        try {
            dealId = Long.parseLong(rawId.trim());
        } catch (NumberFormatException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "data[FIELDS][ID] must be a deal ID (a number)"));
        }
        if (dealId <= 0) {
            return ResponseEntity.badRequest().body(Map.of("error", "data[FIELDS][ID] must be a positive number"));
        }
        inbox.record(dealId, normalized, form.getFirst("auth[domain]"));
        log.debug("Stored {} for deal {}", normalized, dealId);
        return ResponseEntity.ok(Map.of("status", "accepted"));
    }
}
