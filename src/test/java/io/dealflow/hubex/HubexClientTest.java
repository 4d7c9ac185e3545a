package io.dealflow.hubex;

import io.dealflow.support.RecordingHttpServer;
import io.dealflow.support.RecordingHttpServer.Reply;
import io.dealflow.support.RecordingHttpServer.Request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
}
