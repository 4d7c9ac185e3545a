package io.dealflow.inbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

/**
 * The webhooks' JSON answers, written with their length: a small answer without one went out chunked, in two socket
 * writes; with the length it is one - on the path Bitrix24 and HubEx wait on for every event (docs/benchmarks.md).
 */
final class WebhookAnswers {

    /** A status and its JSON body. */
    record Answer(int status, String json) {

        void writeTo(HttpServletResponse response) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            response.setStatus(status);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The answer to nearly every call, written once. */
    private static final Answer ACCEPTED = answer(200, Map.of("status", "accepted"));

    private WebhookAnswers() {
    }

    static Answer accepted() {
        return ACCEPTED;
    }

    static Answer answer(int status, Map<String, ?> body) {
        try {
            return new Answer(status, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            // the answers hold strings and numbers only
            throw new IllegalStateException("a webhook answer could not be written as JSON", e);
        }
    }
}
