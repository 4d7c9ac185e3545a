package io.dealflow.inbox;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The webhooks' JSON answers, written as text with their length. Spring's JSON converter knows no length and
 * flushes, so each small answer went out chunked, in two socket writes; with the length it is one - on the path
 * Bitrix24 and HubEx wait on for every event (docs/benchmarks.md).
 */
final class WebhookAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The answer to nearly every call, written once. */
    private static final String ACCEPTED = write(Map.of("status", "accepted"));

    private WebhookAnswers() {
    }

    static ResponseEntity<String> accepted() {
        return json(HttpStatusCode.valueOf(200), ACCEPTED);
    }

    static ResponseEntity<String> answer(int status, Map<String, ?> body) {
        return answer(HttpStatusCode.valueOf(status), body);
    }

    static ResponseEntity<String> answer(HttpStatusCode status, Map<String, ?> body) {
        return json(status, write(body));
    }

    private static ResponseEntity<String> json(HttpStatusCode status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static String write(Map<String, ?> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            // the answers hold strings and numbers only
            throw new IllegalStateException("a webhook answer could not be written as JSON", e);
        }
    }
}
