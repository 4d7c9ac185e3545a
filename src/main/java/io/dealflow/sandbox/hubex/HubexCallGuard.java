package io.dealflow.sandbox.hubex;

import java.util.Optional;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerMapping;

import io.dealflow.sandbox.FaultInjector;

/**
 * What happens around every simulated HubEx call, in HubEx's order: the call is counted, a scripted fault may
 * answer instead of the handler, then the access token and X-Application-ID are checked, and refusals become
 * ErrorModel arrays.
 */
@Component
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class HubexCallGuard {

    public static final String FAULTS_BEAN = "hubexFaults";
    /** A fault body meaning "run the call, then answer 500": the effect happened but the response was lost. */
    public static final String AFTER_EXECUTION = "@after";

    private static final Logger log = LoggerFactory.getLogger(HubexCallGuard.class);
    private static final String PATH_PREFIX = "/sandbox/hubex";

    private final FaultInjector faults;
    private final HubexAccessTokens tokens;
    private final HubexSimulatorStore store;

    public HubexCallGuard(@Qualifier(FAULTS_BEAN) FaultInjector faults, HubexAccessTokens tokens,
                          HubexSimulatorStore store) {
        this.faults = faults;
        this.tokens = tokens;
        this.store = store;
    }

    /** For the token exchange, the only anonymous HubEx method. */
    ResponseEntity<Object> anonymous(HttpServletRequest request, Supplier<ResponseEntity<Object>> handler) {
        return guard(request, false, handler);
    }

    ResponseEntity<Object> authorized(HttpServletRequest request, Supplier<ResponseEntity<Object>> handler) {
        return guard(request, true, handler);
    }

    private ResponseEntity<Object> guard(HttpServletRequest request, boolean needsToken,
                                         Supplier<ResponseEntity<Object>> handler) {
        String operation = request.getMethod() + " " + pathAfterPrefix(request.getRequestURI());
        store.recordRequest(operation, routeOperation(request), request.getHeader("X-Application-ID"));
        Optional<FaultInjector.Fault> fault = faults.take(operation);
        if (fault.isEmpty()) {
            return execute(request, needsToken, handler);
        }
        if (AFTER_EXECUTION.equals(fault.get().body())) {
            // the "@after" body: the effect happens, the answer is a 500 (or the scripted status)
            execute(request, needsToken, handler);
            sleep(fault.get().delayMillis());
            HttpStatusCode status = fault.get().status() == 0 ? HttpStatus.INTERNAL_SERVER_ERROR
                    : HttpStatusCode.valueOf(fault.get().status());
            return HubexErrors.response(status, "InternalServerError", "Simulated failure after execution");
        }
        if (fault.get().afterExecution()) {
            // the effect happens; the answer comes late (status 0) or is replaced by the scripted one
            ResponseEntity<Object> answer = execute(request, needsToken, handler);
            sleep(fault.get().delayMillis());
            return fault.get().status() == 0 ? answer : faultResponse(fault.get());
        }
        sleep(fault.get().delayMillis());
        if (fault.get().status() == 0) {
            return execute(request, needsToken, handler);
        }
        return faultResponse(fault.get());
    }

    private ResponseEntity<Object> execute(HttpServletRequest request, boolean needsToken,
                                           Supplier<ResponseEntity<Object>> handler) {
        if (needsToken && !tokens.isAuthorized(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            return HubexErrors.response(HttpStatus.UNAUTHORIZED, "Unauthorized",
                    "The access token is missing, unknown or expired");
        }
        String applicationId = request.getHeader("X-Application-ID");
        if (needsToken && (applicationId == null || applicationId.isBlank())) {
            return HubexErrors.response(HttpStatus.FORBIDDEN, "AccessDenied", "The X-Application-ID header is required");
        }
        try {
            return handler.get();
        } catch (HubexApiException e) {
            return HubexErrors.response(e);
        } catch (RuntimeException e) {
            log.warn("HubEx simulator failed on {} {}", request.getMethod(), request.getRequestURI(), e);
            return HubexErrors.response(HttpStatus.INTERNAL_SERVER_ERROR, "InternalServerError", e.toString());
        }
    }

    private static ResponseEntity<Object> faultResponse(FaultInjector.Fault fault) {
        HttpStatusCode status = HttpStatusCode.valueOf(fault.status());
        String body = fault.body();
        if (body == null || body.isBlank()) {
            return HubexErrors.response(status, "SimulatedFault", "Scripted failure of the HubEx simulator");
        }
        String trimmed = body.trim();
        MediaType type = trimmed.startsWith("[") || trimmed.startsWith("{") ? MediaType.APPLICATION_JSON
                : MediaType.TEXT_PLAIN;
        return ResponseEntity.status(status).contentType(type).body(body);
    }

    private static String routeOperation(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return pattern == null ? null : request.getMethod() + " " + pathAfterPrefix(pattern.toString());
    }

    private static String pathAfterPrefix(String path) {
        int at = path.indexOf(PATH_PREFIX);
        return at < 0 ? path : path.substring(at + PATH_PREFIX.length());
    }

    private static void sleep(int millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
