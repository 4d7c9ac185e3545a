package io.dealflow.hubex;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import feign.Client;
import feign.Feign;
import feign.Request;
import feign.Response;
import feign.RetryableException;
import feign.Retryer;
import feign.Util;
import feign.jackson.JacksonEncoder;
import io.dealflow.hubex.HubexException.Kind;
import io.dealflow.metrics.DealFlowMetrics;
import io.dealflow.ratelimit.RateLimitBuckets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * HubEx calls with the access token attached and renewed once when HubEx answers 401. Every request first takes a
 * slot of the client-side limit ({@code dealflow.hubex.rate-limit.*}, shared by every thread). A call answered 429
 * or 5xx is repeated in place a few times ({@code dealflow.hubex.retries}, exponential backoff or the answer's
 * {@code Retry-After}) - except that a call which creates something is repeated only after a 429: after a 5xx
 * the record may have been created (the answer was lost), and only the job retry, which looks for it first, may
 * try again. Every failure becomes a {@link HubexException}; error texts quote HubEx's error codes and trace
 * identifiers, never a token.
 */
@Component
public class HubexClient {

    private static final Logger log = LoggerFactory.getLogger(HubexClient.class);
    private static final String AUTH_PATH = "/AUTHZ/AccessTokens";
    /** Reads, and writes that give the same result when repeated: repeated in place after a 429 or a 5xx. */
    private static final boolean IDEMPOTENT = true;
    /** Creates a record: repeated in place only after a 429 (refused before it ran), never after a 5xx. */
    private static final boolean CREATES = false;

    private final HubexProperties properties;
    private final ObjectMapper objectMapper;
    private final HubexTokenProvider tokens;
    private final HubexRateLimiter limiter;
    private final DealFlowMetrics metrics;
    private volatile HubexApi api;

    public HubexClient(HubexProperties properties, ObjectMapper objectMapper) {
        this(properties, objectMapper, DealFlowMetrics.detached(), RateLimitBuckets.inMemory());
    }

    @Autowired
    public HubexClient(HubexProperties properties, ObjectMapper objectMapper, DealFlowMetrics metrics,
                       RateLimitBuckets buckets) {
        this.properties = properties;
        this.objectMapper = objectMapper;
        this.metrics = metrics;
        this.tokens = new HubexTokenProvider(this::exchangeServiceToken,
                properties.getTokenRenewBefore().toSeconds(), Clock.systemUTC());
        this.limiter = new HubexRateLimiter(properties.getRateLimit(), buckets, tenant(properties.getBaseUrl()),
                metrics.rateLimitListener(DealFlowMetrics.HUBEX));
    }

    /** The API's host: the tenant's requests are counted together whichever node sends them. */
    private static String tenant(String baseUrl) {
        try {
            String host = URI.create(baseUrl == null ? "" : baseUrl.trim()).getHost();
            return host == null ? "" : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /**
     * Exchanges the service token for a fresh access token now (the health check) and returns how long HubEx
     * says the access token lives. Throws the exchange's HubexException when HubEx refuses the service token.
     */
    public Duration renewAccessToken() {
        return Duration.ofSeconds(tokens.renew().expiresInSeconds());
    }

    /** Creates a task; the stamp makes a repeated create answer 409 (DUPLICATE) instead of creating again. */
    public CreatedTask createTask(String concurrencyStamp, Map<String, Object> task) {
        JsonNode body = send("create the task", CREATES, api -> api.createTask(concurrencyStamp, task));
        return new CreatedTask(body.path("id").asLong(), body.path("number").asText(""));
    }

    /** Tasks carrying this erpID, keyed by task ID (HubEx lists are objects keyed by ID). */
    public Map<Long, JsonNode> findTasksByErpId(String erpId) {
        return keyed(send("look up tasks by erpID " + erpId, IDEMPOTENT, api -> api.findTasksByErpId(erpId)));
    }

    public JsonNode getTask(long taskId) {
        return send("read task " + taskId, IDEMPOTENT, api -> api.getTask(taskId));
    }

    public JsonNode conversations(long taskId) {
        return send("read the chat of task " + taskId, IDEMPOTENT, api -> api.conversations(taskId));
    }

    public JsonNode completedWorks(long taskId) {
        return send("read the completed works of task " + taskId, IDEMPOTENT, api -> api.completedWorks(taskId));
    }

    /** Writes custom field values of a task (POST /WORK/TaskAttributes merges them). */
    public void mergeTaskAttributes(long taskId, Map<Integer, String> values) {
        List<Map<String, Object>> data = values.entrySet().stream()
                .map(e -> Map.<String, Object>of("attributeID", e.getKey(), "value", e.getValue())).toList();
        // a merge of the same values: repeating it writes them again, nothing more
        send("write the custom fields of task " + taskId, IDEMPOTENT,
                api -> api.mergeTaskAttributes(List.of(Map.of("taskID", taskId, "data", data))));
    }

    /**
     * Moves the task to a stage of its life cycle ({@code POST /WORK/TaskStagingHistory}, reference §7.6) with
     * the notes as the change's comment. Moving a task into the stage it already is in changes nothing, so the
     * call is repeated in place like a read.
     */
    public void moveTaskToStage(long taskId, int stageId, String notes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("taskID", taskId);
        body.put("taskStageID", stageId);
        body.put("notes", notes == null ? "" : notes);
        send("move task " + taskId + " to stage " + stageId, IDEMPOTENT, api -> api.changeTaskStage(body));
    }

    /** Tasks completed in [from, till] (UTC, no offset), items first..last (1-based), keyed by task ID. */
    public Map<Long, JsonNode> findCompletedTasks(String completionFrom, String completionTill, int first, int last) {
        return keyed(send("list the tasks completed between " + completionFrom + " and " + completionTill, IDEMPOTENT,
                api -> api.findCompletedTasks(completionFrom, completionTill, first, last)));
    }

    /** Locations whose address matches, keyed by ID. */
    public Map<Long, JsonNode> findLocations(String searchText) {
        return keyed(send("look up locations", IDEMPOTENT, api -> api.findLocations(searchText)));
    }

    public long createLocation(Map<String, Object> location) {
        return firstId(send("create a location", CREATES, api -> api.createLocations(List.of(location))), "location");
    }

    /** Companies whose name (or TIN) matches, keyed by ID. */
    public Map<Long, JsonNode> findCompanies(String searchText) {
        return keyed(send("look up companies", IDEMPOTENT, api -> api.findCompanies(searchText)));
    }

    public long createCompany(Map<String, Object> company) {
        return firstId(send("create a company", CREATES, api -> api.createCompanies(List.of(company))), "company");
    }

    private static Map<Long, JsonNode> keyed(JsonNode body) {
        Map<Long, JsonNode> entries = new LinkedHashMap<>();
        body.fields().forEachRemaining(e -> entries.put(Long.parseLong(e.getKey()), e.getValue()));
        return entries;
    }

    private static long firstId(JsonNode body, String what) {
        if (!body.isArray() || body.isEmpty() || !body.get(0).canConvertToLong()) {
            throw new HubexException(Kind.UNAVAILABLE, 201, "HubEx: the answer to creating a " + what
                    + " names no ID - the call will be repeated");
        }
        return body.get(0).asLong();
    }

    public record CreatedTask(long id, String number) {
    }

    /**
     * The call path of every HubEx call: client-side limit, access token and its renewal after a 401, repeats in
     * place after 429/5xx ({@code idempotent = false} for a call that creates something: then only after a 429),
     * HubexException texts.
     */
    private JsonNode send(String action, boolean idempotent, Function<HubexApi, Response> call) {
        try {
            return sendRepeating(action, idempotent, call);
        } catch (HubexException e) {
            if (e.status() != 401) {
                throw e;
            }
            // the token may have expired early or been revoked: one fresh exchange, one more try
            return sendRepeating(action, idempotent, call);
        }
    }

    /** Sends the call, repeating it in place after a 429 or (if it is idempotent) a 5xx while retries last. */
    private JsonNode sendRepeating(String action, boolean idempotent, Function<HubexApi, Response> call) {
        int attempt = 0;
        while (true) {
            // a call held back by the client-side limit was not sent: its exception goes to the job retry at once
            limiter.acquire(action);
            Duration retryAfter = null;
            HubexException failure;
            try {
                Answer answer = sendOnce(action, call);
                if (answer.status() >= 200 && answer.status() < 300) {
                    return answer.body();
                }
                retryAfter = answer.retryAfter();
                failure = error(action, answer.status(), answer.body());
            } catch (HubexException e) {
                failure = e; // no answer (status 0: never repeated here) or an answer that is not JSON
            }
            int status = failure.status();
            if (status == 429) {
                limiter.serverRefused();
            }
            Duration pause = pauseBeforeRepeat(status, idempotent, attempt, retryAfter);
            if (pause == null) {
                throw failure;
            }
            attempt++;
            log.info("HubEx answered {} to \"{}\"; repeating in {} ms (attempt {} of {})", status, action,
                    pause.toMillis(), attempt, properties.getRetries());
            sleep(action, pause);
        }
    }

    /**
     * How long to wait before repeating a failed call in place, or null when it is not repeated here. 429 means
     * HubEx refused the call before running it, so any call may be repeated. A 5xx may come after the call ran
     * (the create happened, the answer was lost): a call that creates something is not repeated in place then -
     * the job retry looks for the record first (the task by erpID, with its X-Concurrency-Stamp as a second guard).
     */
    private Duration pauseBeforeRepeat(int status, boolean idempotent, int attempt, Duration retryAfter) {
        boolean repeatable = status == 429 || (status >= 500 && status <= 599 && idempotent);
        if (!repeatable || attempt >= properties.getRetries()) {
            return null;
        }
        Duration pause = retryAfter != null ? retryAfter
                : properties.getRetryBackoff().multipliedBy(1L << Math.min(attempt, 16));
        // a longer wait would hold the job's thread and transaction: the job retry waits instead
        return pause.compareTo(limiter.maxWait()) > 0 ? null : pause;
    }

    private static void sleep(String action, Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubexException(Kind.UNAVAILABLE, 0,
                    "HubEx: could not " + action + ": interrupted while waiting to repeat the call");
        }
    }

    /** One HTTP answer: its status, its JSON body and its Retry-After, if any. */
    private record Answer(int status, JsonNode body, Duration retryAfter) {
    }

    /** One HTTP request, measured: dealflow.api.requests{system=hubex, method=the API operation, outcome}. */
    private Answer sendOnce(String action, Function<HubexApi, Response> call) {
        long started = System.nanoTime();
        Response response;
        try {
            response = call.apply(api());
        } catch (RetryableException e) {
            metrics.apiRequest(DealFlowMetrics.HUBEX, operationOf(e.request()), "unavailable",
                    System.nanoTime() - started);
            String reason = e.getCause() != null ? e.getCause().getClass().getSimpleName() : "no answer";
            throw new HubexException(Kind.UNAVAILABLE, 0,
                    "HubEx: could not " + action + ": no answer (" + reason + ") - the call will be repeated");
        }
        try (response) {
            int status = response.status();
            String outcome = outcomeOf(status);
            try {
                JsonNode body = readBody(action, response);
                if (status == 401) {
                    tokens.invalidate(bearerOf(response));
                }
                return new Answer(status, body, retryAfter(response));
            } catch (HubexException unreadable) {
                outcome = "unavailable";
                throw unreadable;
            } finally {
                metrics.apiRequest(DealFlowMetrics.HUBEX, operationOf(response.request()), outcome,
                        System.nanoTime() - started);
            }
        }
    }

    /** The HubexApi method that made the request (getTask, createTask, …): a label without IDs. */
    private static String operationOf(feign.Request request) {
        if (request == null || request.requestTemplate() == null
                || request.requestTemplate().methodMetadata() == null) {
            return "unknown";
        }
        return request.requestTemplate().methodMetadata().method().getName();
    }

    private static String outcomeOf(int status) {
        if (status >= 200 && status < 300) {
            return "ok";
        }
        if (status == 429) {
            return "rate_limited";
        }
        if (status == 401 || status == 403) {
            return "auth";
        }
        if (status == 404) {
            return "not_found";
        }
        if (status == 409) {
            return "duplicate";
        }
        return status >= 500 || status == 408 ? "unavailable" : "rejected";
    }

    /** Retry-After in seconds (or as an HTTP date); null when absent or unreadable. */
    static Duration retryAfter(Response response) {
        Collection<String> values = response.headers().entrySet().stream()
                .filter(e -> "Retry-After".equalsIgnoreCase(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (values == null || values.isEmpty()) {
            return null;
        }
        String value = values.iterator().next().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private HubexException error(String action, int status, JsonNode body) {
        JsonNode first = body.isArray() && !body.isEmpty() ? body.get(0) : body;
        String code = first.path("code").asText("");
        String message = first.path("message").asText("");
        String trace = first.path("traceIdentifier").asText("");
        String detail = (code.isEmpty() ? "" : code + " ") + (message.isEmpty() ? "" : "(" + message + ") ")
                + (trace.isEmpty() ? "" : "trace " + trace + " ");
        Kind kind;
        String hint;
        if (status == 401 || status == 403) {
            kind = Kind.AUTH;
            hint = "check dealflow.hubex.service-token (it may have expired) and dealflow.hubex.application-id";
        } else if (status == 404) {
            kind = Kind.NOT_FOUND;
            hint = "the record does not exist in HubEx";
        } else if (status == 409) {
            kind = Kind.DUPLICATE;
            hint = "HubEx already has it";
        } else if (status == 429 || status >= 500 || status == 408) {
            kind = Kind.UNAVAILABLE;
            hint = "HubEx is unavailable or throttling; the call will be repeated";
        } else {
            kind = Kind.REJECTED;
            hint = "HubEx refused the data";
        }
        return new HubexException(kind, status, "HubEx: could not " + action + ": HTTP " + status + " " + detail
                + "- " + hint);
    }

    private JsonNode readBody(String action, Response response) {
        if (response.body() == null) {
            return MissingNode.getInstance();
        }
        try (InputStream in = response.body().asInputStream()) {
            byte[] bytes = Util.toByteArray(in);
            return bytes.length == 0 ? MissingNode.getInstance() : objectMapper.readTree(bytes);
        } catch (IOException e) {
            throw new HubexException(Kind.UNAVAILABLE, response.status(), "HubEx: could not " + action
                    + ": HTTP " + response.status() + " with an unreadable answer (not JSON) - the call will be repeated");
        }
    }

    private HubexTokenProvider.AccessToken exchangeServiceToken() {
        if (properties.getServiceToken() == null || properties.getServiceToken().isBlank()) {
            throw new HubexException(Kind.AUTH, 0, "HubEx is not configured: set dealflow.hubex.service-token");
        }
        JsonNode body;
        try {
            body = sendRepeating("exchange the service token for an access token", IDEMPOTENT,
                    api -> api.accessToken(Map.of("serviceToken", properties.getServiceToken())));
        } catch (HubexException e) {
            // status 0: the caller's own request was not sent. A refused service token is not the expired access
            // token that the caller's single renewal is for, and a 429/5xx of the exchange was repeated here
            // already - the caller must neither repeat it again nor take it for an answer to its own call.
            throw new HubexException(e.kind(), 0, e.getMessage());
        }
        String token = body.path("access_token").asText("");
        if (token.isEmpty()) {
            throw new HubexException(Kind.UNAVAILABLE, 200,
                    "HubEx: the access-token answer has no access_token - the call will be repeated");
        }
        return new HubexTokenProvider.AccessToken(token, body.path("expires_in").asLong(1800));
    }

    private static String bearerOf(Response response) {
        Collection<String> values = response.request().headers().get("Authorization");
        if (values == null || values.isEmpty()) {
            return null;
        }
        String header = values.iterator().next();
        return header.startsWith("Bearer ") ? header.substring(7) : header;
    }

    private HubexApi api() {
        HubexApi current = api;
        if (current == null) {
            synchronized (this) {
                if (api == null) {
                    api = Feign.builder()
                            // HttpURLConnection on the calling thread; requests buffered (false), as a streamed
                            // request loses the body of a 401 answer (ADR 0021)
                            .client(new Client.Default(null, null, false))
                            .encoder(new JacksonEncoder(objectMapper))
                            .retryer(Retryer.NEVER_RETRY)
                            .requestInterceptor(template -> {
                                template.header("X-Application-ID", properties.getApplicationId());
                                if (!template.path().endsWith(AUTH_PATH)) {
                                    template.header("Authorization", "Bearer " + tokens.token());
                                }
                                if (template.body() == null && "PUT".equals(template.method())) {
                                    // HttpURLConnection sends a PUT without a body with no length at all, which a
                                    // server may refuse (411); an empty body goes out as Content-Length: 0
                                    template.body(new byte[0], null);
                                }
                            })
                            .options(new Request.Options(properties.getConnectTimeout().toMillis(),
                                    TimeUnit.MILLISECONDS, properties.getReadTimeout().toMillis(),
                                    TimeUnit.MILLISECONDS, false))
                            .target(HubexApi.class, stripSlash(properties.getBaseUrl()));
                }
                current = api;
            }
        }
        return current;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The tenant's webhook registrations ({@code GET /MSG/Webhooks}), keyed by webhook ID. A read. */
    public Map<Long, JsonNode> listWebhooks() {
        return keyed(send("list the webhooks", IDEMPOTENT, HubexApi::listWebhooks));
    }

    /** Switches a webhook on again ({@code PUT /MSG/Webhooks/activate/{id}}); repeating it changes nothing. */
    public void activateWebhook(long webhookId) {
        send("activate webhook " + webhookId, IDEMPOTENT, api -> api.activateWebhook(webhookId));
    }
}
