package io.dealflow.inbox;

import java.util.Map;
import java.util.Set;

import io.dealflow.bitrix24.Bitrix24Properties;
import io.dealflow.metrics.DealFlowMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives Bitrix24 outbound-webhook deliveries. Bitrix24 never resends an event and de-prioritises slow
 * handlers, so the event is only checked and stored here; the deal is read later by {@link DealEventDispatcher}.
 * ONCRMDEALDELETE is stored like the others: reading the deal then finds it gone, which ends a waiting cycle.
 * Checked in this order, and nothing is stored unless all pass: content type (415), application token (401),
 * portal - when {@code dealflow.bitrix24.expected-domain}/{@code expected-member-id} are set - (403), event and
 * deal ID (400). The body size is checked before, by {@link WebhookRequestGuard}.
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

    /** The content type is checked here rather than with {@code consumes}, so that a 415 says what is expected. */
    @PostMapping(path = "/webhooks/bitrix24")
    public ResponseEntity<String> receive(
            @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestParam MultiValueMap<String, String> form) {
        long started = System.nanoTime();
        try {
            return store(contentType, form);
        } finally {
            metrics.webhookAcknowledged(DealFlowMetrics.BITRIX24, System.nanoTime() - started);
        }
    }

    private ResponseEntity<String> store(String contentType, MultiValueMap<String, String> form) {
        if (!isForm(contentType)) {
            metrics.eventRejected(DealFlowMetrics.BITRIX24, "unsupported_media_type");
            return WebhookAnswers.answer(415, Map.of("error", "expected Content-Type "
                    + MediaType.APPLICATION_FORM_URLENCODED_VALUE + ", as Bitrix24's outbound webhook sends"));
        }
        if (!SecretTokens.matches(properties.getApplicationToken(), form.getFirst("auth[application_token]"))) {
            metrics.eventRejected(DealFlowMetrics.BITRIX24, "unauthorized");
            return WebhookAnswers.answer(401, Map.of("error",
                    "auth[application_token] does not match dealflow.bitrix24.application-token"));
        }
        String domain = form.getFirst("auth[domain]");
        if (!blank(properties.getExpectedDomain())
                && !properties.getExpectedDomain().trim().equalsIgnoreCase(domain == null ? "" : domain.trim())) {
            metrics.eventRejected(DealFlowMetrics.BITRIX24, "wrong_portal");
            return WebhookAnswers.answer(403, Map.of("error",
                    "auth[domain] is not the portal in dealflow.bitrix24.expected-domain"));
        }
        String memberId = form.getFirst("auth[member_id]");
        if (!blank(properties.getExpectedMemberId())
                && !properties.getExpectedMemberId().trim().equals(memberId == null ? "" : memberId.trim())) {
            metrics.eventRejected(DealFlowMetrics.BITRIX24, "wrong_portal");
            return WebhookAnswers.answer(403, Map.of("error",
                    "auth[member_id] is not the portal in dealflow.bitrix24.expected-member-id"));
        }
        String event = form.getFirst("event");
        if (event == null || event.isBlank()) {
            return badRequest("the field 'event' is missing");
        }
        String normalized = event.trim().toUpperCase(java.util.Locale.ROOT);
        if (!DEAL_EVENTS.contains(normalized)) {
            metrics.eventsIgnored(DealFlowMetrics.BITRIX24, "event_type", 1);
            return WebhookAnswers.answer(200,
                    Map.of("status", "ignored", "reason", "DealFlow does not handle " + normalized));
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
        inbox.record(dealId, normalized, printable(domain));
        metrics.eventsReceived(DealFlowMetrics.BITRIX24, 1);
        log.debug("Stored {} for deal {}", normalized, dealId);
        return WebhookAnswers.accepted();
    }

    private static boolean isForm(String contentType) {
        try {
            return contentType != null
                    && MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** The domain is kept for diagnosis only: control characters (PostgreSQL refuses NUL) are dropped. */
    static String printable(String value) {
        return value == null ? null : value.replaceAll("\\p{Cntrl}", "").trim();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private ResponseEntity<String> badRequest(String reason) {
        metrics.eventRejected(DealFlowMetrics.BITRIX24, "bad_request");
        return WebhookAnswers.answer(400, Map.of("error", reason));
    }
}
