package io.dealflow.bitrix24;

import io.dealflow.support.RecordingHttpServer;
import io.dealflow.support.RecordingHttpServer.Reply;
import io.dealflow.support.RecordingHttpServer.Request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
        assertThat(e.getMessage()).contains("HTTP 401", "dealflow.bitrix24.webhook-url");
        // the portal's code is in the body of the 401, which a streamed POST loses (ADR 0021)
        assertThat(e.errorCode()).isEqualTo("NO_AUTH_FOUND");
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

    // --- the client-side limiter (dealflow.bitrix24.rate-limit.*) against the local portal, in real time ---

    private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();

    /** Answers OK_DEAL and remembers when each request reached the portal. */
    private void recordArrivals() {
        server.answer(request -> {
            arrivals.add(System.nanoTime());
            return Reply.json(200, OK_DEAL);
        });
    }

    private void rateLimit(int burst, double perSecond, Duration maxWait) {
        properties.getRateLimit().setBurst(burst);
        properties.getRateLimit().setPerSecond(perSecond);
        properties.getRateLimit().setMaxWait(maxWait);
    }

    /**
     * In every stretch of time between two arrivals, no more requests than the bucket allows. Slack of 100 ms and
     * one request for the way from the limiter to the server (a new connection, a busy machine); a limiter that
     * were not shared would let threads × burst through at once, far above it.
     */
    private void assertNeverAboveTheBucket(int burst, double perSecond) {
        List<Long> times = new ArrayList<>(arrivals);
        times.sort(null);
        for (int i = 0; i < times.size(); i++) {
            for (int j = i; j < times.size(); j++) {
                double seconds = (times.get(j) - times.get(i)) / 1e9;
                assertThat(j - i + 1).as("requests %d..%d arrived within %.3f s", i, j, seconds)
                        .isLessThanOrEqualTo((int) Math.floor(burst + perSecond * (seconds + 0.1)) + 1);
            }
        }
    }

    @Test
    void letsABurstThroughAtOnceThenPaces() {
        rateLimit(3, 10.0, Duration.ofSeconds(5));
        recordArrivals();
        Bitrix24Client client = client();

        long start = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            client.call("crm.deal.get", Map.of("id", i));
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(server.requests()).hasSize(6);
        // 3 at once, then one every 100 ms: the sixth cannot leave before 0.3 s. Only lower bounds are checked —
        // a loaded machine makes everything later, never earlier.
        assertThat(seconds).isGreaterThanOrEqualTo(0.25);
        List<Long> times = new ArrayList<>(arrivals);
        assertThat((times.get(5) - start) / 1e9).isGreaterThanOrEqualTo(0.25);
        assertNeverAboveTheBucket(3, 10.0);
    }

    @Test
    void isSharedByEveryThread() throws Exception {
        int burst = 5;
        double perSecond = 20.0;
        rateLimit(burst, perSecond, Duration.ofSeconds(10));
        recordArrivals();
        Bitrix24Client client = client();
        int threads = 4;
        int callsEach = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < callsEach; i++) {
                        client.call("crm.deal.get", Map.of("id", i));
                    }
                    return null;
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(server.requests()).hasSize(threads * callsEach);
            // 24 requests, 5 at once, then 20 per second: at least (24 - 5) / 20 = 0.95 s in all
            assertThat(seconds).isGreaterThanOrEqualTo(0.85);
            assertNeverAboveTheBucket(burst, perSecond);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallThatWouldWaitLongerThanMaxWaitFailsRetryablyWithoutARequest() {
        rateLimit(1, 0.1, Duration.ofMillis(200));
        Bitrix24Client client = client();
        client.call("crm.deal.get", Map.of("id", 1));

        long start = System.nanoTime();
        Bitrix24Exception e = failure(() -> client.call("crm.deal.update", Map.of("id", 1)));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("crm.deal.update", "client-side limit", "dealflow.bitrix24.rate-limit");
        assertThat(e.errorCode()).isEmpty();
        assertNoSecret(e);
        assertThat((System.nanoTime() - start) / 1e9).as("refused at once, not after a wait").isLessThan(2.0);
        assertThat(server.requests()).hasSize(1);
        assertThat(server.count("/crm.deal.update")).isZero();
    }

    @Test
    void aBatchTakesOneSlot() {
        rateLimit(1, 0.1, Duration.ZERO);
        server.answer(request -> Reply.json(200, """
                {"result": {"result": {"a": {"ID": "1"}, "b": {"ID": "2"}, "c": {"ID": "3"}}, "result_error": []}}"""));
        Bitrix24Client client = client();
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("a", "crm.deal.get?id=1");
        commands.put("b", "crm.deal.get?id=2");
        commands.put("c", "crm.deal.get?id=3");

        assertThat(client.batch(commands, false).results()).hasSize(3);

        assertThat(failure(() -> client.batch(commands, false)).kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void disabledLimiterDoesNotPace() {
        rateLimit(1, 0.1, Duration.ZERO);
        properties.getRateLimit().setEnabled(false);
        Bitrix24Client client = client();

        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            client.call("crm.deal.get", Map.of("id", i));
        }

        assertThat(server.requests()).hasSize(10);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
    }

    @Test
    void everyRepeatAfterQueryLimitExceededTakesASlotToo() {
        rateLimit(2, 0.1, Duration.ZERO);
        properties.setRateLimitRetries(4);
        server.answer(request -> Reply.json(503, RATE_LIMITED));

        Bitrix24Exception e = failure(() -> client().call("crm.deal.get", Map.of("id", 1)));

        // the first call and one repeat use the two slots; the next repeat is held back before it is sent
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.getMessage()).contains("client-side limit");
        assertThat(server.requests()).hasSize(2);
    }
}
