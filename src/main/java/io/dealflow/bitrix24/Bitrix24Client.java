package io.dealflow.bitrix24;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import feign.Client;
import feign.Feign;
import feign.Request;
import feign.Response;
import feign.RetryableException;
import feign.Retryer;
import feign.Util;
import feign.jackson.JacksonEncoder;
import io.dealflow.bitrix24.Bitrix24Exception.Kind;
import io.dealflow.metrics.DealFlowMetrics;
import io.dealflow.ratelimit.RateLimitBuckets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Calls Bitrix24 REST methods through the inbound webhook. Parses the {@code {"result":…}} / {@code {"error":…}}
 * envelope, keeps to the portal's leaky bucket with a client-side limiter shared by every thread
 * ({@code dealflow.bitrix24.rate-limit.*}), repeats calls refused by the leaky bucket anyway (they were not
 * executed), pauses a method whose time budget is exhausted, and turns every failure into a
 * {@link Bitrix24Exception} whose text carries no secret.
 */
@Component
public class Bitrix24Client {

    private static final Logger log = LoggerFactory.getLogger(Bitrix24Client.class);

    private final Bitrix24Properties properties;
    private final ObjectMapper objectMapper;
    private final WebhookUrl webhookUrl;
    private final Bitrix24RateLimiter limiter;
    private final DealFlowMetrics metrics;
    private final Map<String, Instant> pausedMethods = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastResetAt = new ConcurrentHashMap<>();
    private volatile Bitrix24Api api;

    public Bitrix24Client(Bitrix24Properties properties, ObjectMapper objectMapper) {
        this(properties, objectMapper, DealFlowMetrics.detached(), RateLimitBuckets.inMemory());
    }

    @Autowired
    public Bitrix24Client(Bitrix24Properties properties, ObjectMapper objectMapper, DealFlowMetrics metrics,
                          RateLimitBuckets buckets) {
        this.properties = properties;
        this.objectMapper = objectMapper;
        this.metrics = metrics;
        this.webhookUrl = new WebhookUrl(properties.getWebhookUrl());
        this.limiter = new Bitrix24RateLimiter(properties.getRateLimit(), buckets, webhookUrl.portal(),
                metrics.rateLimitListener(DealFlowMetrics.BITRIX24));
    }

    /** Calls one method and returns its {@code result}. */
    public JsonNode call(String method, Map<String, ?> params) {
        return callEnvelope(method, params).path("result");
    }

    /** Calls one method and returns the whole answer (result, total, next, time). */
    public JsonNode callEnvelope(String method, Map<String, ?> params) {
        return send(method, params, false);
    }

    /**
     * Calls one method whose first request slot the caller has already taken from the limiter
     * ({@link #tryTakeSlot}); repeats after QUERY_LIMIT_EXCEEDED take slots of their own.
     */
    JsonNode callHoldingSlot(String method, Map<String, ?> params) {
        return send(method, params, true).path("result");
    }

    private JsonNode send(String method, Map<String, ?> params, boolean slotHeld) {
        failIfPaused(method);
        int attempt = 0;
        boolean haveSlot = slotHeld;
        while (true) {
            // outside the try: a call the client-side limiter holds back (RATE_LIMITED) was not sent, so it is not
            // repeated here but handed to the job retry at once
            if (!haveSlot) {
                limiter.acquire(method);
            }
            haveSlot = false;
            try {
                return callOnce(method, params);
            } catch (Bitrix24Exception e) {
                if (e.kind() == Kind.RATE_LIMITED && attempt < properties.getRateLimitRetries()) {
                    sleep(backoff(attempt++));
                    continue;
                }
                throw e;
            }
        }
    }

    /**
     * Fails at once, without a request, while a method waits out its OPERATION_TIME_LIMIT: the portal would refuse
     * it anyway.
     */
    void failIfPaused(String method) {
        Instant pausedUntil = pausedMethods.get(method);
        if (pausedUntil != null && Instant.now().isBefore(pausedUntil)) {
            throw new Bitrix24Exception(Kind.OPERATION_TIME_LIMIT, method, "OPERATION_TIME_LIMIT",
                    "Bitrix24 " + method + " is paused until " + pausedUntil
                            + " (OPERATION_TIME_LIMIT: the method's time budget is used up); the call will be repeated");
        }
    }

    /** Runs up to 50 commands as one request of the leaky bucket (and one token of the client-side limiter). */
    public BatchResult batch(Map<String, String> commands, boolean haltOnError) {
        if (commands.isEmpty()) {
            return new BatchResult(Map.of(), Map.of());
        }
        return parseBatch(commands, send("batch", batchParams(commands, haltOnError), false).path("result"));
    }

    /** {@link #batch} (halt=0) in a request slot the caller has already taken from the limiter. */
    BatchResult batchHoldingSlot(Map<String, String> commands) {
        return parseBatch(commands, callHoldingSlot("batch", batchParams(commands, false)));
    }

    /**
     * Waits at most {@code wait} for the slot of one request and keeps it; false if none freed up in time.
     * The batcher takes a slot first and only then decides what goes into the request.
     */
    boolean tryTakeSlot(Duration wait) throws InterruptedException {
        return limiter.tryAcquire(wait);
    }

    /** Gives back a slot taken with {@link #tryTakeSlot} and not used. */
    void returnSlot() {
        limiter.release();
    }

    /** The error of a call that got no request slot within {@code rate-limit.max-wait} and was not sent. */
    Bitrix24Exception slotRefusal(String method) {
        return limiter.refusal(method);
    }

    /** How long a caller may wait for a request slot ({@code rate-limit.max-wait}). */
    Duration maxSlotWait() {
        return properties.getRateLimit().getMaxWait();
    }

    private static Map<String, Object> batchParams(Map<String, String> commands, boolean haltOnError) {
        if (commands.size() > 50) {
            throw new IllegalArgumentException("a Bitrix24 batch takes at most 50 commands, got " + commands.size());
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("halt", haltOnError ? 1 : 0);
        params.put("cmd", commands);
        return params;
    }

    /**
     * Results and errors per command key. Every command is charged to its own method's time budget, so a command
     * refused with OPERATION_TIME_LIMIT pauses that method, and a command's answer tells when its budget resets.
     */
    private BatchResult parseBatch(Map<String, String> commands, JsonNode result) {
        Map<String, JsonNode> results = new LinkedHashMap<>();
        result.path("result").fields().forEachRemaining(e -> results.put(e.getKey(), e.getValue()));
        result.path("result_time").fields().forEachRemaining(e -> {
            if (results.containsKey(e.getKey())) {
                rememberOperatingBudget(methodOf(commands.get(e.getKey())), e.getValue());
            }
        });
        Map<String, Bitrix24Exception> errors = new LinkedHashMap<>();
        result.path("result_error").fields().forEachRemaining(e -> {
            String commandMethod = methodOf(commands.get(e.getKey()));
            Bitrix24Exception error = Bitrix24ErrorClassifier.classify(commandMethod, 400,
                    e.getValue().path("error").asText(""), e.getValue().path("error_description").asText(""));
            if (error.kind() == Kind.OPERATION_TIME_LIMIT) {
                pauseMethod(commandMethod);
            }
            errors.put(e.getKey(), error);
        });
        return new BatchResult(results, errors);
    }

    /** The portal address with the secret masked, for logs and health output. */
    public String describe() {
        return webhookUrl.masked();
    }

    /** One HTTP request, measured: dealflow.api.requests{system=bitrix24, method, outcome}. */
    private JsonNode callOnce(String method, Map<String, ?> params) {
        long started = System.nanoTime();
        String outcome = "ok";
        try {
            return send(method, params);
        } catch (Bitrix24Exception e) {
            outcome = outcomeOf(e.kind());
            throw e;
        } catch (RuntimeException e) {
            outcome = "error";
            throw e;
        } finally {
            metrics.apiRequest(DealFlowMetrics.BITRIX24, method, outcome, System.nanoTime() - started);
        }
    }

    private static String outcomeOf(Kind kind) {
        return switch (kind) {
            case RATE_LIMITED, OPERATION_TIME_LIMIT -> "rate_limited";
            case AUTH -> "auth";
            case NOT_FOUND -> "not_found";
            case REJECTED -> "rejected";
            case UNAVAILABLE -> "unavailable";
        };
    }

    private JsonNode send(String method, Map<String, ?> params) {
        Response response;
        try {
            response = api().call(method, params);
        } catch (RetryableException e) {
            String reason = e.getCause() != null ? e.getCause().getClass().getSimpleName() + ": "
                    + e.getCause().getMessage() : "no answer";
            throw new Bitrix24Exception(Kind.UNAVAILABLE, method, "",
                    webhookUrl.scrub("Bitrix24 " + method + " failed: no answer from the portal (" + reason
                            + ") - the call will be repeated"));
        }
        try (response) {
            JsonNode body = readBody(method, response);
            if (body.has("result")) {
                rememberOperatingBudget(method, body.path("time"));
            }
            int status = response.status();
            if (body.hasNonNull("error") || status >= 300) {
                Bitrix24Exception error = Bitrix24ErrorClassifier.classify(method, status,
                        body.path("error").asText(""), body.path("error_description").asText(""));
                if (error.kind() == Kind.OPERATION_TIME_LIMIT) {
                    pauseMethod(method);
                }
                throw error;
            }
            return body;
        }
    }

    private JsonNode readBody(String method, Response response) {
        if (response.body() == null) {
            return NullNode.getInstance();
        }
        try (InputStream in = response.body().asInputStream()) {
            byte[] bytes = Util.toByteArray(in);
            if (bytes.length == 0) {
                return NullNode.getInstance();
            }
            return objectMapper.readTree(bytes);
        } catch (IOException e) {
            throw new Bitrix24Exception(Kind.UNAVAILABLE, method, "",
                    "Bitrix24 " + method + " failed: HTTP " + response.status()
                            + " with an unreadable answer (not JSON) - the call will be repeated");
        }
    }

    private void rememberOperatingBudget(String method, JsonNode time) {
        long resetAt = time.path("operating_reset_at").asLong(0);
        if (resetAt > 0) {
            pausedMethods.remove(method);
            lastResetAt.put(method, Instant.ofEpochSecond(resetAt));
        }
    }

    private void pauseMethod(String method) {
        // The 429 body carries no timing: the previous answer's operating_reset_at says when the budget frees up.
        Instant until = lastResetAt.getOrDefault(method, Instant.now().plusSeconds(10));
        if (until.isBefore(Instant.now().plusSeconds(10))) {
            until = Instant.now().plusSeconds(10);
        }
        pausedMethods.put(method, until);
        log.warn("Bitrix24 method {} hit OPERATION_TIME_LIMIT; paused until {}", method, until);
    }

    private long backoff(int attempt) {
        return (long) (properties.getRateLimitBackoff().toMillis() * Math.pow(1.5, attempt));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Bitrix24Exception(Kind.UNAVAILABLE, "", "", "interrupted while waiting for the Bitrix24 limit");
        }
    }

    private static String methodOf(String command) {
        if (command == null) {
            return "batch";
        }
        int q = command.indexOf('?');
        return q < 0 ? command : command.substring(0, q);
    }

    private Bitrix24Api api() {
        Bitrix24Api current = api;
        if (current == null) {
            synchronized (this) {
                if (api == null) {
                    if (!webhookUrl.isConfigured()) {
                        throw new Bitrix24Exception(Kind.AUTH, "", "",
                                "Bitrix24 is not configured: set dealflow.bitrix24.webhook-url");
                    }
                    api = Feign.builder()
                            // HttpURLConnection on the calling thread; requests buffered (false), as a streamed
                            // request loses the body of a 401 answer (ADR 0021)
                            .client(new Client.Default(null, null, false))
                            .encoder(new JacksonEncoder(objectMapper))
                            .retryer(Retryer.NEVER_RETRY)
                            .options(new Request.Options(properties.getConnectTimeout().toMillis(),
                                    TimeUnit.MILLISECONDS, properties.getReadTimeout().toMillis(),
                                    TimeUnit.MILLISECONDS, false))
                            .target(Bitrix24Api.class, webhookUrl.base());
                }
                current = api;
            }
        }
        return current;
    }
}
