package io.dealflow.sandbox.bitrix24;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.dealflow.sandbox.FaultInjector;
import io.dealflow.sandbox.SandboxProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulated inbound-webhook endpoint {@code /sandbox/bitrix24/rest/{userId}/{secret}/{method}}: checks the
 * secret, applies the leaky bucket and scripted faults, parses JSON or PHP-style form/query parameters and
 * answers in the portal's envelope. The secret and the URL are never logged, only method names.
 */
@RestController
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class Bitrix24SimulatorController {

    private static final Logger log = LoggerFactory.getLogger(Bitrix24SimulatorController.class);

    private final SandboxProperties properties;
    private final Bitrix24SimulatorStore store;
    private final Bitrix24RestMethods methods;
    private final Bitrix24BatchRunner batch;
    private final LeakyBucket bucket;
    private final FaultInjector faults;

    public Bitrix24SimulatorController(SandboxProperties properties, Bitrix24SimulatorStore store,
                                       Bitrix24RestMethods methods, Bitrix24BatchRunner batch,
                                       @Qualifier("bitrix24LeakyBucket") LeakyBucket bucket,
                                       @Qualifier("bitrix24Faults") FaultInjector faults) {
        this.properties = properties;
        this.store = store;
        this.methods = methods;
        this.batch = batch;
        this.bucket = bucket;
        this.faults = faults;
    }

    @RequestMapping(path = "/sandbox/bitrix24/rest/{userId}/{secret}/{method}",
            method = {RequestMethod.GET, RequestMethod.POST})
    public ResponseEntity<String> call(@PathVariable String userId, @PathVariable String secret,
                                       @PathVariable String method, HttpServletRequest request) throws IOException {
        String name = Bitrix24RestMethods.normalize(method);
        store.countRequest(name);
        Instant start = store.time().preciseNow();
        if (!authorized(userId, secret)) {
            return error(name, 401, "NO_AUTH_FOUND", "Wrong authorization data");
        }
        if (!bucket.tryAcquire()) {
            return error(name, 503, "QUERY_LIMIT_EXCEEDED", "Too many requests");
        }
        Optional<FaultInjector.Fault> fault = faults.take(name);
        if (fault.isPresent() && !fault.get().afterExecution()) {
            long limit = properties.getBitrix24().getRequestTimeLimit().toMillis();
            if (fault.get().delayMillis() >= limit) {
                // the portal ends the request before it gets to the call
                pause((int) limit);
                return error(name, 504, "REQUEST_TIME_LIMIT", Bitrix24BatchRunner.RequestTimeLimitReached.MESSAGE);
            }
            pause(fault.get().delayMillis());
            if (fault.get().status() > 0) {
                return faultAnswer(name, fault.get());
            }
        }
        ResponseEntity<String> answer = execute(name, userId, request, start);
        if (fault.isPresent() && fault.get().afterExecution()) {
            // the call has had its effect; the caller gets its answer late, or a wrong one
            pause(fault.get().delayMillis());
            if (fault.get().status() > 0) {
                return faultAnswer(name, fault.get());
            }
        }
        return answer;
    }

    private static ResponseEntity<String> faultAnswer(String name, FaultInjector.Fault fault) {
        log.info("Bitrix24 sandbox: {} -> scripted fault {}", name, fault.status());
        String body = fault.body() == null ? "" : fault.body();
        return ResponseEntity.status(fault.status()).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private ResponseEntity<String> execute(String name, String userId, HttpServletRequest request, Instant start)
            throws IOException {
        try {
            Map<String, Object> params = Bitrix24RestMethods.lowerCaseKeys(readParams(request));
            Map<String, Object> body = new LinkedHashMap<>();
            if (name.equals("batch")) {
                body.put("result", batch.run(params, userId));
            } else {
                Bitrix24RestMethods.Outcome outcome = methods.call(name, params, userId);
                body.put("result", outcome.result());
                if (outcome.total() != null) {
                    body.put("total", outcome.total());
                }
                if (outcome.next() != null) {
                    body.put("next", outcome.next());
                }
            }
            body.put("time", Bitrix24Json.timeBlock(start, store.time().preciseNow(), store.time()));
            log.debug("Bitrix24 sandbox: {} -> 200", name);
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Bitrix24Json.write(body));
        } catch (Bitrix24RestError e) {
            return error(name, e.httpStatus(), e.error(), e.description());
        } catch (Bitrix24BatchRunner.RequestTimeLimitReached e) {
            return error(name, 504, "REQUEST_TIME_LIMIT", e.getMessage());
        }
    }

    /** Sleeps for a scripted fault's delay; an interrupt ends the wait early but is preserved. */
    static void pause(int millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean authorized(String userId, String secret) {
        byte[] expected = properties.getBitrix24().getWebhookSecret().getBytes(StandardCharsets.UTF_8);
        return userId.matches("[1-9]\\d{0,9}")
                && MessageDigest.isEqual(expected, secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Query and form parameters (bracket keys), overlaid by a JSON body as the portal does. */
    private static Map<String, Object> readParams(HttpServletRequest request) throws IOException {
        if (request.getCharacterEncoding() == null) {
            // the portal reads form bytes as UTF-8; the servlet default would be ISO-8859-1
            request.setCharacterEncoding(StandardCharsets.UTF_8.name());
        }
        Map<String, Object> params = BracketParams.fromParameterMap(request.getParameterMap());
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_JSON_VALUE)) {
            String json = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!json.isBlank()) {
                params.putAll(Bitrix24Json.readObject(json));
            }
        }
        return params;
    }

    private static ResponseEntity<String> error(String method, int status, String error, String description) {
        log.info("Bitrix24 sandbox: {} -> {} {}", method, status, error.isEmpty() ? description : error);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(Bitrix24Json.error(error, description));
    }
}
