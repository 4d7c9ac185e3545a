package io.dealflow.bitrix24;

import io.dealflow.support.RecordingHttpServer;
import io.dealflow.support.RecordingHttpServer.Reply;
import io.dealflow.support.RecordingHttpServer.Request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.bitrix24.Bitrix24Exception.Kind;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bitrix24Client against a local server playing the portal's inbound webhook. */
class Bitrix24ClientTest {

    static final String SECRET = "top-secret-xyz";
    static final String OK_DEAL = """
            {"result": {"ID": "4711", "TITLE": "Замена насоса"},
             "time": {"start": 1767000130.1, "operating_reset_at": 1767000730, "operating": 0.05}}""";
    static final String RATE_LIMITED = """
            {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}""";

    private final ObjectMapper objectMapper = new ObjectMapper();
    private RecordingHttpServer server;
    private Bitrix24Properties properties;

    @BeforeEach
    void startPortal() throws Exception {
        server = RecordingHttpServer.start(request -> Reply.json(200, OK_DEAL));
        properties = properties(server.port());
    }

    @AfterEach
    void stopPortal() {
        server.close();
    }

    static Bitrix24Properties properties(int port) {
        Bitrix24Properties properties = new Bitrix24Properties();
        properties.setWebhookUrl("http://127.0.0.1:" + port + "/rest/1/" + SECRET + "/");
        properties.setRateLimitBackoff(Duration.ofMillis(10));
        properties.setRateLimitRetries(4);
        properties.setConnectTimeout(Duration.ofSeconds(2));
        properties.setReadTimeout(Duration.ofSeconds(5));
        return properties;
    }

    private Bitrix24Client client() {
        return new Bitrix24Client(properties, objectMapper);
    }

    static Bitrix24Exception failure(ThrowingCallable call) {
        Bitrix24Exception e = catchThrowableOfType(Bitrix24Exception.class, call);
        assertThat(e).as("a Bitrix24Exception is thrown").isNotNull();
        return e;
    }

    private static void assertNoSecret(Bitrix24Exception e) {
        assertThat(e.getMessage()).doesNotContain(SECRET);
        assertThat(String.valueOf(e.getCause())).doesNotContain(SECRET);
    }

    @Test
    void returnsTheResultOfASuccessfulCall() throws Exception {
        JsonNode result = client().call("crm.deal.get", Map.of("id", 4711));

        assertThat(result.path("TITLE").asText()).isEqualTo("Замена насоса");
        RecordingHttpServer.Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/rest/1/" + SECRET + "/crm.deal.get");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(objectMapper.readTree(request.body()).path("id").asLong()).isEqualTo(4711L);
    }

    @Test
    void retriesQueryLimitExceededInPlace() {
        AtomicInteger calls = new AtomicInteger();
        server.answer(request -> calls.incrementAndGet() <= 2 ? Reply.json(503, RATE_LIMITED) : Reply.json(200, OK_DEAL));

        JsonNode result = client().call("crm.deal.get", Map.of("id", 4711));

        assertThat(result.path("ID").asText()).isEqualTo("4711");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void givesUpOnQueryLimitExceededAfterTheConfiguredRetries() {
        properties.setRateLimitRetries(2);
        server.answer(request -> Reply.json(503, RATE_LIMITED));

        Bitrix24Exception e = failure(() -> client().call("crm.deal.get", Map.of("id", 4711)));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryable()).isTrue();
        assertThat(e.errorCode()).isEqualTo("QUERY_LIMIT_EXCEEDED");
        assertThat(server.requests()).hasSize(3);
        assertNoSecret(e);
    }

    @Test
    void pausesOnlyTheMethodThatHitTheOperationTimeLimit() {
        server.answer(request -> request.path().endsWith("/crm.deal.update")
                ? Reply.json(429, """
                        {"error": "OPERATION_TIME_LIMIT", "error_description": "Method is blocked due to operation time limit."}""")
                : Reply.json(200, OK_DEAL));
        Bitrix24Client client = client();

        Bitrix24Exception first = failure(() -> client.call("crm.deal.update", Map.of("id", 4711)));
        assertThat(first.kind()).isEqualTo(Kind.OPERATION_TIME_LIMIT);
        assertThat(first.retryable()).isTrue();
        assertNoSecret(first);

        Bitrix24Exception second = failure(() -> client.call("crm.deal.update", Map.of("id", 4711)));
        assertThat(second.kind()).isEqualTo(Kind.OPERATION_TIME_LIMIT);
        assertNoSecret(second);
        assertThat(server.count("/crm.deal.update")).isEqualTo(1);

        assertThat(client.call("crm.deal.get", Map.of("id", 4711)).path("ID").asText()).isEqualTo("4711");
        assertThat(server.count("/crm.deal.get")).isEqualTo(1);
    }

    @Test
    void refusesAWrongWebhookAsAuthWithoutRetrying() {
        server.answer(request -> Reply.json(401, """
                {"error": "NO_AUTH_FOUND", "error_description": "Wrong authorization data"}"""));

        Bitrix24Exception e = failure(() -> client().call("crm.deal.get", Map.of("id", 4711)));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.retryable()).isFalse();
        // the status alone decides: some HTTP transports drop the body of a 401 answer to a POST
        assertThat(e.getMessage()).contains("HTTP 401", "dealflow.bitrix24.webhook-url");
        assertThat(server.requests()).hasSize(1);
        assertNoSecret(e);
    }

    @Test
    void classifiesAnEmptyCodeWithNotFoundAsNotFound() {
        server.answer(request -> Reply.json(400, """
                {"error": "", "error_description": "Not found"}"""));

        Bitrix24Exception e = failure(() -> client().call("crm.deal.get", Map.of("id", 4711)));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("crm.deal.get", "Not found");
        assertNoSecret(e);
    }

    @Test
    void classifiesAServerErrorWithAnHtmlPageAsUnavailable() {
        server.answer(request -> new Reply(500, "text/html",
                "<html><body><h1>500 Internal Server Error</h1>" + request.path() + "</body></html>"));

        Bitrix24Exception e = failure(() -> client().call("crm.deal.get", Map.of("id", 4711)));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("500");
        assertNoSecret(e);
    }

    @Test
    void classifiesARefusedConnectionAsUnavailable() {
        server.close();

        Bitrix24Exception e = failure(() -> client().call("crm.deal.get", Map.of("id", 4711)));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
        assertNoSecret(e);
    }

    @Test
    void describeMasksTheSecret() {
        String description = client().describe();

        assertThat(description).doesNotContain(SECRET).isEqualTo("http://127.0.0.1:" + server.port() + "/rest/1/***");
    }

    @Test
    void scrubRemovesUrlAndSecretFromAText() {
        WebhookUrl url = new WebhookUrl("https://acme.bitrix24.ru/rest/17/" + SECRET + "/");

        assertThat(url.scrub("POST https://acme.bitrix24.ru/rest/17/" + SECRET + "/crm.deal.get failed"))
                .isEqualTo("POST https://acme.bitrix24.ru/rest/17/***/crm.deal.get failed");
        assertThat(url.scrub("token " + SECRET)).isEqualTo("token ***");
        assertThat(new WebhookUrl(" ").masked()).isEqualTo("(not configured)");
    }

    @Test
    void refusesToCallWithoutAWebhookUrl() {
        properties.setWebhookUrl("");

        Bitrix24Exception e = failure(() -> client().call("crm.deal.get", Map.of("id", 1)));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("dealflow.bitrix24.webhook-url");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void batchReturnsResultsAndErrorsPerKey() throws Exception {
        server.answer(request -> Reply.json(200, """
                {"result": {"result": {"a": {"ID": "1", "TITLE": "Первая"}},
                            "result_error": {"b": {"error": "", "error_description": "Not found"},
                                             "c": {"error": "ACCESS_DENIED", "error_description": "Access denied"}},
                            "result_total": [], "result_next": [], "result_time": {}},
                 "time": {"start": 1767000130.1}}"""));
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("a", "crm.deal.get?id=1");
        commands.put("b", "crm.deal.get?id=2");
        commands.put("c", "crm.contact.get?id=3");

        BatchResult batch = client().batch(commands, false);

        assertThat(batch.result("a")).hasValueSatisfying(deal -> assertThat(deal.path("TITLE").asText()).isEqualTo("Первая"));
        assertThat(batch.error("a")).isEmpty();
        assertThat(batch.result("b")).isEmpty();
        assertThat(batch.error("b")).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
            assertThat(e.method()).isEqualTo("crm.deal.get");
        });
        assertThat(batch.error("c")).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            assertThat(e.method()).isEqualTo("crm.contact.get");
        });
        RecordingHttpServer.Request request = server.requests().get(0);
        assertThat(request.path()).endsWith("/batch");
        JsonNode body = objectMapper.readTree(request.body());
        assertThat(body.path("halt").asInt()).isZero();
        assertThat(body.path("cmd").path("b").asText()).isEqualTo("crm.deal.get?id=2");
    }

    @Test
    void batchAcceptsAnEmptyResultErrorSentAsAnArray() {
        server.answer(request -> Reply.json(200, """
                {"result": {"result": {"a": {"ID": "1"}}, "result_error": [], "result_total": [],
                            "result_next": [], "result_time": []}}"""));

        BatchResult batch = client().batch(Map.of("a", "crm.deal.get?id=1"), true);

        assertThat(batch.errors()).isEmpty();
        assertThat(batch.result("a")).isPresent();
    }

    @Test
    void batchRefusesMoreThanFiftyCommands() {
        Map<String, String> commands = new LinkedHashMap<>();
        for (int i = 1; i <= 51; i++) {
            commands.put("d" + i, "crm.deal.get?id=" + i);
        }

        assertThatThrownBy(() -> client().batch(commands, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("50");
        assertThat(server.requests()).isEmpty();
    }
}
