package io.dealflow.inbox;

import java.util.Map;
import java.util.Set;

import io.dealflow.bitrix24.Bitrix24Properties;
import io.dealflow.inbox.WebhookAnswers.Answer;
import io.dealflow.metrics.DealFlowMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Receives Bitrix24 outbound-webhook deliveries. Bitrix24 never resends an event and de-prioritises slow
 * handlers, so the event is only checked and stored here; the deal is read later by {@link DealEventDispatcher}.
 * ONCRMDEALDELETE is stored like the others: reading the deal then finds it gone, which ends a waiting cycle.
 * Checked in this order, and nothing is stored unless all pass: content type (415), application token (401),
 * portal - when {@code dealflow.bitrix24.expected-domain}/{@code expected-member-id} are set - (403), event and
 * deal ID (400). The body size is checked before, by {@link WebhookRequestGuard}; {@link WebhookEndpoints} calls it
 * for {@code POST /webhooks/bitrix24}.
 */
@Component
public class Bitrix24WebhookEndpoint {

    private static final Logger log = LoggerFactory.getLogger(Bitrix24WebhookEndpoint.class);
    static final Set<String> DEAL_EVENTS = Set.of("ONCRMDEALADD", "ONCRMDEALUPDATE", "ONCRMDEALDELETE");

    private final Bitrix24Properties properties;
    private final DealEventInbox inbox;
    private final DealFlowMetrics metrics;

    public Bitrix24WebhookEndpoint(Bitrix24Properties properties, DealEventInbox inbox, DealFlowMetrics metrics) {
        this.properties = properties;
        this.inbox = inbox;
        this.metrics = metrics;
    }

    /** The request as {@link WebhookRequestGuard} passes it on: its body read, its form fields parsed. */
    Answer receive(WebhookRequest request) {
        long started = System.nanoTime();
        try {
            return store(request.getContentType(), request.getParameterMap());
        } finally {
            metrics.webhookAcknowledged(DealFlowMetrics.BITRIX24, System.nanoTime() - started);
        }
    }

    private Answer store(String contentType, Map<String, String[]> form) {
        if (!isForm(contentType)) {
            metrics.eventRejected(DealFlowMetrics.BITRIX24, "unsupported_media_type");
            return WebhookAnswers.answer(415, Map.of("error", "expected Content-Type "
                    + MediaType.APPLICATION_FORM_URLENCODED_VALUE + ", as Bitrix24's outbound webhook sends"));
        }
        if (!SecretTokens.matches(properties.getApplicationToken(), first(form, "auth[application_token]"))) {
            metrics.eventRejected(DealFlowMetrics.BITRIX24, "unauthorized");
            return WebhookAnswers.answer(401, Map.of("error",
                    "auth[application_token] does not match dealflow.bitrix24.application-token"));
        }
        String domain = first(form, "auth[domain]");
        if (!blank(properties.getExpectedDomain())
                && !properties.getExpectedDomain().trim().equalsIgnoreCase(domain == null ? "" : domain.trim())) {
            metrics.eventRejected(DealFlowMetrics.BITRIX24, "wrong_portal");
            return WebhookAnswers.answer(403, Map.of("error",
                    "auth[domain] is not the portal in dealflow.bitrix24.expected-domain"));
        }
        String memberId = first(form, "auth[member_id]");
        if (!blank(properties.getExpectedMemberId())
                && !properties.getExpectedMemberId().trim().equals(memberId == null ? "" : memberId.trim())) {
            metrics.eventRejected(DealFlowMetrics.BITRIX24, "wrong_portal");
            return WebhookAnswers.answer(403, Map.of("error",
                    "auth[member_id] is not the portal in dealflow.bitrix24.expected-member-id"));
        }
        String event = first(form, "event");
        if (event == null || event.isBlank()) {
            return badRequest("the field 'event' is missing");
        }
        String normalized = event.trim().toUpperCase(java.util.Locale.ROOT);
        if (!DEAL_EVENTS.contains(normalized)) {
            metrics.eventsIgnored(DealFlowMetrics.BITRIX24, "event_type", 1);
            return WebhookAnswers.answer(200,
                    Map.of("status", "ignored", "reason", "DealFlow does not handle " + normalized));
        }
        String rawId = first(form, "data[FIELDS][ID]");
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

    private static String first(Map<String, String[]> form, String name) {
        String[] values = form.get(name);
        return values == null || values.length == 0 ? null : values[0];
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

    private Answer badRequest(String reason) {
        metrics.eventRejected(DealFlowMetrics.BITRIX24, "bad_request");
        return WebhookAnswers.answer(400, Map.of("error", reason));
    }
}
