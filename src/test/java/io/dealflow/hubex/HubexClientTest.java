package io.dealflow.hubex;

import io.dealflow.support.RecordingHttpServer;
import io.dealflow.support.RecordingHttpServer.Reply;
import io.dealflow.support.RecordingHttpServer.Request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.dealflow.hubex.HubexException.Kind;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HubexClient against a local server playing HubEx under /fsm. */
class HubexClientTest {

    private static final String SERVICE_TOKEN = "service-token-s3cr3t";
    private static final String TOKEN_PATH = "/fsm/AUTHZ/AccessTokens";
    private static final String TASK = """
            {"number": "0207000000003", "erpID": "4711", "taskStage": {"id": 7, "name": "Выполнена"}}""";

    private final ObjectMapper objectMapper = new ObjectMapper();
    private final AtomicInteger exchanges = new AtomicInteger();
    private RecordingHttpServer server;
    private HubexProperties properties;

    @BeforeEach
    void startHubex() throws Exception {
        server = RecordingHttpServer.start(this::hubex);
        properties = new HubexProperties();
        properties.setBaseUrl("http://127.0.0.1:" + server.port() + "/fsm/");
        properties.setServiceToken(SERVICE_TOKEN);
        properties.setApplicationId("5");
        properties.setConnectTimeout(Duration.ofSeconds(2));
        properties.setReadTimeout(Duration.ofSeconds(5));
        // fast repeats; the limit's own tests below set it themselves
        properties.setRetryBackoff(Duration.ofMillis(20));
        properties.getRateLimit().setPerMinute(60_000);
    }

    @AfterEach
    void stopHubex() {
        server.close();
    }

    /** Issues access-1, access-2, … and serves task 5129 to any bearer. */
    private Reply hubex(Request request) {
        if (request.path().equals(TOKEN_PATH)) {
            return Reply.json(200, "{\"access_token\": \"access-" + exchanges.incrementAndGet()
                    + "\", \"expires_in\": 1800}");
        }
        return Reply.json(200, TASK);
    }

    private HubexClient client() {
        return new HubexClient(properties, objectMapper);
    }

    private static HubexException failure(ThrowingCallable call) {
        HubexException e = catchThrowableOfType(HubexException.class, call);
        assertThat(e).as("a HubexException is thrown").isNotNull();
        return e;
    }

    private Iterable<Request> taskCalls() {
        return server.requests().stream().filter(r -> !r.path().equals(TOKEN_PATH)).toList();
    }

    @Test
    void exchangesTheServiceTokenOnceAndReusesTheAccessToken() throws Exception {
        HubexClient client = client();

        assertThat(client.getTask(5129).path("number").asText()).isEqualTo("0207000000003");
        client.getTask(5129);
        client.conversations(5129);

        assertThat(server.count(TOKEN_PATH)).isEqualTo(1);
        Request exchange = server.requests().get(0);
        assertThat(exchange.path()).isEqualTo(TOKEN_PATH);
        assertThat(exchange.method()).isEqualTo("POST");
        assertThat(objectMapper.readTree(exchange.body()).path("serviceToken").asText()).isEqualTo(SERVICE_TOKEN);
    }

    @Test
    void sendsBearerAndApplicationIdOnEveryCallButNoBearerOnTheExchange() {
        HubexClient client = client();
        client.getTask(5129);
        client.completedWorks(5129);

        Request exchange = server.requests().get(0);
        assertThat(exchange.header("Authorization")).isNull();
        assertThat(exchange.header("X-Application-ID")).isEqualTo("5");
        assertThat(taskCalls()).hasSize(2).allSatisfy(call -> {
            assertThat(call.header("Authorization")).isEqualTo("Bearer access-1");
            assertThat(call.header("X-Application-ID")).isEqualTo("5");
        });
        assertThat(server.requests()).extracting(Request::path)
                .containsExactly(TOKEN_PATH, "/fsm/WORK/Tasks/5129", "/fsm/WORK/Tasks/5129/completedWorks");
    }

    @Test
    void renewsTheTokenOnceAndRetriesAfterA401() {
        server.answer(request -> {
            if (request.path().equals(TOKEN_PATH)) {
                return hubex(request);
            }
            return "Bearer access-1".equals(request.header("Authorization"))
                    ? Reply.json(401, "") : Reply.json(200, TASK);
        });

        JsonNode task = client().getTask(5129);

        assertThat(task.path("erpID").asText()).isEqualTo("4711");
        assertThat(server.count(TOKEN_PATH)).isEqualTo(2);
        assertThat(taskCalls()).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer access-1", "Bearer access-2");
    }

    @Test
    void givesUpAfterOneRenewalWhenHubexKeepsRefusing() {
        server.answer(request -> request.path().equals(TOKEN_PATH) ? hubex(request) : Reply.json(401, ""));

        HubexException e = failure(() -> client().getTask(5129));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.kind().retryable()).isFalse();
        assertThat(taskCalls()).hasSize(2);
        assertThat(server.count(TOKEN_PATH)).isEqualTo(2);
    }

    @Test
    void refusesAWrongServiceTokenNamingTheSettingButNotTheToken() {
        server.answer(request -> request.path().equals(TOKEN_PATH)
                ? Reply.json(401, "[{\"code\": \"InvalidToken\", \"message\": \"bad token\"}]")
                : Reply.json(200, TASK));

        HubexException e = failure(() -> client().getTask(5129));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(server.count(TOKEN_PATH)).as("a refused service token is not sent twice").isEqualTo(1);
        assertThat(e.getMessage()).contains("dealflow.hubex.service-token").doesNotContain(SERVICE_TOKEN);
        // HubEx's reason is in the body of the 401 to the token POST, which a streamed POST loses (ADR 0021)
        assertThat(e.getMessage()).contains("InvalidToken (bad token)");
        assertThat(taskCalls()).isEmpty();
    }

    @Test
    void refusesToCallWithoutAServiceToken() {
        properties.setServiceToken(" ");

        HubexException e = failure(() -> client().getTask(5129));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("dealflow.hubex.service-token");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void createTaskSendsTheConcurrencyStampAndReturnsIdAndNumber() throws Exception {
        server.answer(request -> request.path().equals("/fsm/WORK/Tasks") && request.method().equals("POST")
                ? Reply.json(201, "{\"id\": 5129, \"number\": \"0207000000003\"}") : hubex(request));
        String stamp = "6f9619ff-8b86-d011-b42d-00c04fc964ff";

        HubexClient.CreatedTask created = client().createTask(stamp, Map.of("erpID", "4711", "requestMethodID", 4));

        assertThat(created.id()).isEqualTo(5129L);
        assertThat(created.number()).isEqualTo("0207000000003");
        Request create = server.requests().get(1);
        assertThat(create.header("X-Concurrency-Stamp")).isEqualTo(stamp);
        assertThat(create.header("Authorization")).isEqualTo("Bearer access-1");
        JsonNode body = objectMapper.readTree(create.body());
        assertThat(body.path("erpID").asText()).isEqualTo("4711");
        assertThat(body.path("requestMethodID").asInt()).isEqualTo(4);
    }

    @Test
    void reportsARepeatedCreateAsDuplicate() {
        server.answer(request -> request.path().equals(TOKEN_PATH) ? hubex(request)
                : Reply.json(409, "[{\"code\": \"Conflict\", \"message\": \"stamp exists\"}]"));

        HubexException e = failure(() -> client().createTask("6f9619ff-8b86-d011-b42d-00c04fc964ff", Map.of()));

        assertThat(e.kind()).isEqualTo(Kind.DUPLICATE);
        assertThat(e.status()).isEqualTo(409);
        assertThat(taskCalls()).hasSize(1);
    }

    @Test
    void reportsAServerErrorAsUnavailableWithCodeAndTrace() {
        server.answer(request -> request.path().equals(TOKEN_PATH) ? hubex(request)
                : Reply.json(500, """
                        [{"code": "InternalServerError", "message": "Object reference not set",
                          "traceIdentifier": "00-4bf92f3577b34da6-00"}]"""));

        HubexException e = failure(() -> client().getTask(5129));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.kind().retryable()).isTrue();
        assertThat(e.getMessage()).contains("InternalServerError", "00-4bf92f3577b34da6-00", "HTTP 500")
                .doesNotContain("access-1");
    }

    @Test
    void reportsAMissingTaskAsNotFound() {
        server.answer(request -> request.path().equals(TOKEN_PATH) ? hubex(request)
                : Reply.json(404, "[{\"code\": \"TaskNotFound\"}]"));

        assertThat(failure(() -> client().getTask(5129)).kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void reportsARefusedConnectionAsUnavailable() {
        server.close();

        HubexException e = failure(() -> client().getTask(5129));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).doesNotContain(SERVICE_TOKEN);
    }

    @Test
    void findsTasksByErpIdKeyedById() {
        server.answer(request -> request.path().equals(TOKEN_PATH) ? hubex(request) : Reply.json(200, """
                {"5129": {"number": "0207000000003", "erpID": "4711", "taskStage": {"id": 7}},
                 "5130": {"number": "0207000000004", "erpID": "4711"}}"""));

        Map<Long, JsonNode> tasks = client().findTasksByErpId("4711");

        assertThat(tasks).containsOnlyKeys(5129L, 5130L);
        assertThat(tasks.get(5130L).path("number").asText()).isEqualTo("0207000000004");
        Request search = server.requests().get(1);
        assertThat(search.path()).isEqualTo("/fsm/WORK/Tasks");
        assertThat(search.query()).contains("erpID=4711", "isDeleted=false");
        assertThat(search.header("Range")).isEqualTo("items=1-50");
    }

    @Test
    void findsNoTasksInAnEmptyAnswer() {
        server.answer(request -> request.path().equals(TOKEN_PATH) ? hubex(request) : Reply.json(200, "{}"));

        assertThat(client().findTasksByErpId("4711")).isEmpty();
    }

    // --- the client-side limit (dealflow.hubex.rate-limit.*) and repeats in place after 429/5xx ---

    private static final String CREATED = "{\"id\": 5129, \"number\": \"0207000000003\"}";
    private static final String STAMP = "6f9619ff-8b86-d011-b42d-00c04fc964ff";

    /** Answers the token exchange as usual and every other call from the list, then 200 with the task. */
    private void answerTaskCalls(Reply... replies) {
        AtomicInteger next = new AtomicInteger();
        server.answer(request -> {
            if (request.path().equals(TOKEN_PATH)) {
                return hubex(request);
            }
            int i = next.getAndIncrement();
            return i < replies.length ? replies[i]
                    : request.method().equals("POST") ? Reply.json(201, CREATED) : Reply.json(200, TASK);
        });
    }

    private static Reply status(int status) {
        return Reply.json(status, "[{\"code\": \"Status" + status + "\", \"message\": \"try later\"}]");
    }

    @Test
    void pacesCallsAtThePerMinuteLimit() {
        properties.getRateLimit().setPerMinute(600); // 10 per second
        properties.getRateLimit().setBurst(3);
        HubexClient client = client();

        long start = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            client.getTask(5129);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        // the token exchange and six reads: 3 at once, then one every 100 ms, at least 0.4 s in all
        assertThat(server.requests()).hasSize(7);
        assertThat(seconds).isGreaterThanOrEqualTo(0.3);
    }

    @Test
    void aCallThatWouldWaitLongerThanMaxWaitFailsRetryablyWithoutARequest() {
        properties.getRateLimit().setPerMinute(1);
        properties.getRateLimit().setBurst(2);
        properties.getRateLimit().setMaxWait(Duration.ofMillis(100));
        HubexClient client = client();
        client.getTask(5129); // the exchange and the read take both slots

        HubexException e = failure(() -> client.getTask(5130));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.kind().retryable()).isTrue();
        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).contains("read task 5130", "not sent", "client-side limit",
                "dealflow.hubex.rate-limit");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void disabledLimitDoesNotPace() {
        properties.getRateLimit().setPerMinute(1);
        properties.getRateLimit().setBurst(1);
        properties.getRateLimit().setMaxWait(Duration.ZERO);
        properties.getRateLimit().setEnabled(false);
        HubexClient client = client();

        for (int i = 0; i < 5; i++) {
            client.getTask(5129);
        }

        assertThat(taskCalls()).hasSize(5);
    }

    @Test
    void repeatsACallAnswered429() {
        answerTaskCalls(status(429));

        assertThat(client().getTask(5129).path("erpID").asText()).isEqualTo("4711");

        assertThat(taskCalls()).hasSize(2);
    }

    @Test
    void repeatsAReadAnswered503Twice() {
        answerTaskCalls(status(503), status(503));

        assertThat(client().getTask(5129).path("erpID").asText()).isEqualTo("4711");

        assertThat(taskCalls()).hasSize(3);
    }

    @Test
    void givesUpOnAReadAfterTheConfiguredRepeats() {
        properties.setRetries(2);
        answerTaskCalls(status(503), status(502), status(503), status(503));

        HubexException e = failure(() -> client().getTask(5129));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.kind().retryable()).isTrue();
        assertThat(e.status()).isEqualTo(503);
        assertThat(taskCalls()).hasSize(3);
    }

    @Test
    void backsOffExponentially() {
        properties.setRetryBackoff(Duration.ofMillis(200));
        answerTaskCalls(status(503), status(503));

        long start = System.nanoTime();
        client().getTask(5129);

        // 200 ms, then 400 ms
        assertThat((System.nanoTime() - start) / 1e9).isGreaterThanOrEqualTo(0.55);
        assertThat(taskCalls()).hasSize(3);
    }

    @Test
    void neverRepeatsACreateAnswered5xxInPlace() {
        answerTaskCalls(status(503));

        HubexException e = failure(() -> client().createTask(STAMP, Map.of("erpID", "4711")));

        // the task may have been created and the answer lost: only the job retry, which looks for it first, repeats
        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.kind().retryable()).isTrue();
        assertThat(e.status()).isEqualTo(503);
        assertThat(taskCalls()).hasSize(1);
    }

    @Test
    void neverRepeatsALocationOrCompanyCreateAnswered5xxInPlace() {
        answerTaskCalls(status(500), status(502));
        HubexClient client = client();

        assertThat(failure(() -> client.createLocation(Map.of("address", "ул. Ленина, 1"))).status()).isEqualTo(500);
        assertThat(failure(() -> client.createCompany(Map.of("name", "ООО «Насосы»"))).status()).isEqualTo(502);

        assertThat(taskCalls()).hasSize(2);
    }

    @Test
    void repeatsACreateRefusedWith429() {
        answerTaskCalls(status(429));

        HubexClient.CreatedTask created = client().createTask(STAMP, Map.of("erpID", "4711"));

        assertThat(created.id()).isEqualTo(5129L);
        assertThat(taskCalls()).hasSize(2).allSatisfy(call -> {
            assertThat(call.method()).isEqualTo("POST");
            assertThat(call.header("X-Concurrency-Stamp")).isEqualTo(STAMP);
        });
    }

    @Test
    void repeatsTheTokenExchangeAnswered503AndSendsTheCreateOnce() {
        AtomicInteger exchangeCalls = new AtomicInteger();
        server.answer(request -> {
            if (request.path().equals(TOKEN_PATH)) {
                return exchangeCalls.incrementAndGet() == 1 ? status(503) : hubex(request);
            }
            return Reply.json(201, CREATED);
        });

        assertThat(client().createTask(STAMP, Map.of("erpID", "4711")).id()).isEqualTo(5129L);

        assertThat(server.count(TOKEN_PATH)).isEqualTo(2);
        assertThat(taskCalls()).hasSize(1);
    }

    @Test
    void aTokenExchangeThatKeepsFailingIsNotTakenForAnAnswerToTheCreate() {
        server.answer(request -> request.path().equals(TOKEN_PATH) ? status(503) : Reply.json(201, CREATED));

        HubexException e = failure(() -> client().createTask(STAMP, Map.of("erpID", "4711")));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("exchange the service token", "HTTP 503");
        assertThat(server.count(TOKEN_PATH)).isEqualTo(3);
        assertThat(taskCalls()).isEmpty();
    }

    @Test
    void honoursRetryAfterInSeconds() throws Exception {
        try (HeaderServer hubex = new HeaderServer("1")) {
            properties.setBaseUrl("http://127.0.0.1:" + hubex.port() + "/fsm");

            long start = System.nanoTime();
            assertThat(client().getTask(5129).path("erpID").asText()).isEqualTo("4711");

            assertThat((System.nanoTime() - start) / 1e9).isGreaterThanOrEqualTo(0.9);
            assertThat(hubex.taskCalls).hasSize(2);
        }
    }

    @Test
    void aRetryAfterLongerThanMaxWaitGoesToTheJobRetry() throws Exception {
        try (HeaderServer hubex = new HeaderServer("120")) {
            properties.setBaseUrl("http://127.0.0.1:" + hubex.port() + "/fsm");

            long start = System.nanoTime();
            HubexException e = failure(() -> client().getTask(5129));

            assertThat(e.status()).isEqualTo(429);
            assertThat(e.kind().retryable()).isTrue();
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
            assertThat(hubex.taskCalls).hasSize(1);
        }
    }

    /** HubEx answering the first task call 429 with a Retry-After header (RecordingHttpServer sets no headers). */
    private static final class HeaderServer implements AutoCloseable {
        private final HttpServer server;
        private final List<Long> taskCalls = new CopyOnWriteArrayList<>();

        HeaderServer(String retryAfter) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    if (exchange.getRequestURI().getPath().equals(TOKEN_PATH)) {
                        reply(exchange, 200, "{\"access_token\": \"access-1\", \"expires_in\": 1800}");
                        return;
                    }
                    taskCalls.add(System.nanoTime());
                    if (taskCalls.size() == 1) {
                        exchange.getResponseHeaders().set("Retry-After", retryAfter);
                        reply(exchange, 429, "[{\"code\": \"TooManyRequests\"}]");
                    } else {
                        reply(exchange, 200, TASK);
                    }
                }
            });
            server.start();
        }

        private static void reply(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
