package io.dealflow.hubex;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import feign.Feign;
import feign.http2client.Http2Client;
import feign.Request;
import feign.Response;
import feign.RetryableException;
import feign.Retryer;
import feign.Util;
import feign.jackson.JacksonEncoder;
import io.dealflow.hubex.HubexException.Kind;
import org.springframework.stereotype.Component;

/**
 * HubEx calls with the access token attached and renewed once when HubEx answers 401. Every failure becomes a
 * {@link HubexException}; error texts quote HubEx's error codes and trace identifiers, never a token.
 */
@Component
public class HubexClient {

    private static final String AUTH_PATH = "/AUTHZ/AccessTokens";

    private final HubexProperties properties;
    private final ObjectMapper objectMapper;
    private final HubexTokenProvider tokens;
    private volatile HubexApi api;

    public HubexClient(HubexProperties properties, ObjectMapper objectMapper) {
        this.properties = properties;
        this.objectMapper = objectMapper;
        this.tokens = new HubexTokenProvider(this::exchangeServiceToken,
                properties.getTokenRenewBefore().toSeconds(), Clock.systemUTC());
    }

    /** Creates a task; the stamp makes a repeated create answer 409 (DUPLICATE) instead of creating again. */
    public CreatedTask createTask(String concurrencyStamp, Map<String, Object> task) {
        JsonNode body = send("create the task", api -> api.createTask(concurrencyStamp, task));
        return new CreatedTask(body.path("id").asLong(), body.path("number").asText(""));
    }

    /** Tasks carrying this erpID, keyed by task ID (HubEx lists are objects keyed by ID). */
    public Map<Long, JsonNode> findTasksByErpId(String erpId) {
        return keyed(send("look up tasks by erpID " + erpId, api -> api.findTasksByErpId(erpId)));
    }

    public JsonNode getTask(long taskId) {
        return send("read task " + taskId, api -> api.getTask(taskId));
    }

    public JsonNode conversations(long taskId) {
        return send("read the chat of task " + taskId, api -> api.conversations(taskId));
    }

    public JsonNode completedWorks(long taskId) {
        return send("read the completed works of task " + taskId, api -> api.completedWorks(taskId));
    }

    /** Writes custom field values of a task (POST /WORK/TaskAttributes merges them). */
    public void mergeTaskAttributes(long taskId, Map<Integer, String> values) {
        List<Map<String, Object>> data = values.entrySet().stream()
                .map(e -> Map.<String, Object>of("attributeID", e.getKey(), "value", e.getValue())).toList();
        send("write the custom fields of task " + taskId,
                api -> api.mergeTaskAttributes(List.of(Map.of("taskID", taskId, "data", data))));
    }

    /** Locations whose address matches, keyed by ID. */
    public Map<Long, JsonNode> findLocations(String searchText) {
        return keyed(send("look up locations", api -> api.findLocations(searchText)));
    }

    public long createLocation(Map<String, Object> location) {
        return firstId(send("create a location", api -> api.createLocations(List.of(location))), "location");
    }

    /** Companies whose name (or TIN) matches, keyed by ID. */
    public Map<Long, JsonNode> findCompanies(String searchText) {
        return keyed(send("look up companies", api -> api.findCompanies(searchText)));
    }

    public long createCompany(Map<String, Object> company) {
        return firstId(send("create a company", api -> api.createCompanies(List.of(company))), "company");
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

    private JsonNode send(String action, Function<HubexApi, Response> call) {
        try {
            return sendOnce(action, call);
        } catch (HubexException e) {
            if (e.status() != 401) {
                throw e;
            }
            // the token may have expired early or been revoked: one fresh exchange, one more try
            return sendOnce(action, call);
        }
    }

    private JsonNode sendOnce(String action, Function<HubexApi, Response> call) {
        Response response;
        try {
            response = call.apply(api());
        } catch (RetryableException e) {
            String reason = e.getCause() != null ? e.getCause().getClass().getSimpleName() : "no answer";
            throw new HubexException(Kind.UNAVAILABLE, 0,
                    "HubEx: could not " + action + ": no answer (" + reason + ") - the call will be repeated");
        }
        try (response) {
            int status = response.status();
            JsonNode body = readBody(action, response);
            if (status >= 200 && status < 300) {
                return body;
            }
            if (status == 401) {
                tokens.invalidate(bearerOf(response));
            }
            throw error(action, status, body);
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
            body = sendOnce("exchange the service token for an access token",
                    api -> api.accessToken(Map.of("serviceToken", properties.getServiceToken())));
        } catch (HubexException e) {
            // a refused service token is not the expired access token that the caller's single retry is for
            throw e.status() == 401 ? new HubexException(e.kind(), 0, e.getMessage()) : e;
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
                            .client(new Http2Client(HttpClient.newBuilder()
                                    .version(HttpClient.Version.HTTP_1_1)
                                    .followRedirects(HttpClient.Redirect.NEVER)
                                    .connectTimeout(properties.getConnectTimeout())
                                    .build()))
                            .encoder(new JacksonEncoder(objectMapper))
                            .retryer(Retryer.NEVER_RETRY)
                            .requestInterceptor(template -> {
                                template.header("X-Application-ID", properties.getApplicationId());
                                if (!template.path().endsWith(AUTH_PATH)) {
                                    template.header("Authorization", "Bearer " + tokens.token());
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
}
