package io.dealflow.sandbox.hubex;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Renders HubEx's error body: a JSON array of ErrorModel {code, message, arguments, traceIdentifier}. */
final class HubexErrors {

    private HubexErrors() {
    }

    static ResponseEntity<Object> response(HubexApiException e) {
        return response(e.status(), e.code(), e.getMessage(), e.arguments());
    }

    static ResponseEntity<Object> response(HttpStatusCode status, String code, String message) {
        return response(status, code, message, Map.of());
    }

    static ResponseEntity<Object> response(HttpStatusCode status, String code, String message,
                                           Map<String, String> arguments) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(List.of(Map.of("code", code, "message", message, "arguments", arguments,
                        "traceIdentifier", traceIdentifier())));
    }

    /** W3C traceparent shape, as ASP.NET fills traceIdentifier. */
    private static String traceIdentifier() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "00-%016x%016x-%016x-00".formatted(random.nextLong(), random.nextLong(), random.nextLong());
    }
}
