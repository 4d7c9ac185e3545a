package io.dealflow.hubex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.hubex.HubexWebhookHealth.WebhookStatus;
import io.dealflow.process.ReconcileHubexTasksDelegate;
import io.dealflow.reconciliation.HubexTaskReconciler;
import io.dealflow.reconciliation.ReconciliationSchedule;
import io.dealflow.support.FreePort;
import io.dealflow.support.RecordingHttpServer;
import io.dealflow.support.RecordingHttpServer.Reply;
import io.dealflow.support.RecordingHttpServer.Request;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.slf4j.LoggerFactory;

/** HubexWebhookHealth with a real HubexClient against a local server playing HubEx's MSG service. */
class HubexWebhookHealthTest {

    private static final String TOKEN_PATH = "/fsm/AUTHZ/AccessTokens";
    private static final String WEBHOOKS_PATH = "/fsm/MSG/Webhooks";
    private static final String WEBHOOK_TOKEN = "wh-t0ken-s3cr3t";
    private static final String URI = "https://dealflow.example.ru/webhooks/hubex?token=" + WEBHOOK_TOKEN;
    private static final Instant NOW = Instant.parse("2026-08-28T13:05:00Z");

    private RecordingHttpServer server;
    private HubexProperties properties;
    private volatile Function<Request, Reply> webhooks;
    private ListAppender<ILoggingEvent> logs;
    private Logger logger;

    @BeforeEach
    void setUp() throws Exception {
        server = RecordingHttpServer.start(this::hubex);
        properties = new HubexProperties();
        properties.setBaseUrl("http://127.0.0.1:" + server.port() + "/fsm/");
        properties.setServiceToken("service-token");
        properties.setWebhookToken(WEBHOOK_TOKEN);
        properties.setConnectTimeout(Duration.ofSeconds(2));
        properties.setReadTimeout(Duration.ofSeconds(5));
        properties.setRetryBackoff(Duration.ofMillis(10));
        properties.getRateLimit().setPerMinute(60_000);
        logger = (Logger) LoggerFactory.getLogger(HubexWebhookHealth.class);
        logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(logs);
        server.close();
    }

    private Reply hubex(Request request) {
        if (request.path().equals(TOKEN_PATH)) {
            return Reply.json(200, "{\"access_token\": \"access-1\", \"expires_in\": 1800}");
        }
        if (request.method().equals("PUT") && request.path().startsWith(WEBHOOKS_PATH + "/activate/")) {
            return new Reply(202, null, null);
        }
        if (request.method().equals("GET") && request.path().equals(WEBHOOKS_PATH)) {
            return webhooks.apply(request);
        }
        return Reply.json(404, "[{\"code\": \"NoDataFound\"}]");
    }

    /** One webhook in HubEx's list format; the list normally has no uri, but it must not leak if it has one. */
    private static String webhook(int id, String name, boolean active, int callsRemaining, String exception) {
        return ("\"%d\": {\"id\": %d, \"name\": \"%s\", \"uri\": \"%s\", \"isActive\": %s, \"callsRemaining\": %d,"
                + " \"lastCall\": {\"completed\": \"2026-08-28T12:59:00\", \"exception\": %s}}").formatted(id, id,
                name, URI, active, callsRemaining, exception == null ? "null" : "\"" + exception + "\"");
    }

    private void answer(String... entries) {
        webhooks = request -> Reply.json(200, "{" + String.join(", ", entries) + "}");
    }

    private HubexWebhookHealth health() {
        return new HubexWebhookHealth(new HubexClient(properties, new ObjectMapper()), properties,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private List<String> lines(Level level) {
        return logs.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private long activations() {
        return server.requests().stream().filter(r -> r.method().equals("PUT")).count();
    }

    @Test
    void allHealthyLogsOneInfoLineAndKeepsTheReport() {
        answer(webhook(7, "DealFlow", true, 10, null), webhook(8, "Other", true, 10, null));
        HubexWebhookHealth health = health();

        List<WebhookStatus> report = health.check();

        assertThat(report).containsExactly(
                new WebhookStatus(7, "DealFlow", true, 10, null, false, NOW),
                new WebhookStatus(8, "Other", true, 10, null, false, NOW));
        assertThat(health.lastReport()).isEqualTo(report);
        assertThat(lines(Level.WARN)).isEmpty();
        assertThat(lines(Level.INFO)).containsExactly("HubEx webhook health: 2 webhook(s) active, no failed calls");
        assertThat(activations()).isZero();
        Request list = server.requests().stream().filter(r -> r.path().equals(WEBHOOKS_PATH)).findFirst().orElseThrow();
        assertThat(list.header("Authorization")).isEqualTo("Bearer access-1");
    }

    @Test
    void anInactiveWebhookIsReportedButNotSwitchedOnByDefault() {
        answer(webhook(7, "DealFlow", false, 0, "HTTP 502"));
        HubexWebhookHealth health = health();

        List<WebhookStatus> report = health.check();

        assertThat(report).containsExactly(new WebhookStatus(7, "DealFlow", false, 0, "HTTP 502", false, NOW));
        assertThat(report.get(0).healthy()).isFalse();
        assertThat(lines(Level.WARN)).singleElement().asString()
                .contains("HubEx webhook \"DealFlow\" (ID 7) is switched off", "callsRemaining 0",
                        "last error: HTTP 502", "Интеграция → Webhook'и", "dealflow.hubex.reactivate-webhooks=true");
        assertThat(lines(Level.INFO)).isEmpty();
        assertThat(activations()).isZero();
    }

    @Test
    void anInactiveWebhookIsSwitchedOnWhenTheSettingIsOn() {
        properties.setReactivateWebhooks(true);
        answer(webhook(7, "DealFlow", false, 0, "HTTP 502"), webhook(8, "Other", true, 10, null));

        List<WebhookStatus> report = health().check();

        assertThat(report).extracting(WebhookStatus::id, WebhookStatus::reactivated)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(7L, true),
                        org.assertj.core.groups.Tuple.tuple(8L, false));
        List<Request> puts = server.requests().stream().filter(r -> r.method().equals("PUT")).toList();
        assertThat(puts).singleElement().extracting(Request::path).isEqualTo(WEBHOOKS_PATH + "/activate/7");
        assertThat(puts.get(0).header("Authorization")).isEqualTo("Bearer access-1");
        assertThat(puts.get(0).header("Content-Length")).as("a PUT without a body says so").isEqualTo("0");
        assertThat(lines(Level.INFO)).containsExactly(
                "HubEx webhook \"DealFlow\" (ID 7) switched on again by DealFlow");
    }

    @Test
    void aFailedReactivationIsLoggedAndTheOthersAreStillChecked() {
        answer(webhook(7, "DealFlow", false, 0, null), webhook(8, "Other", false, 0, null));
        server.answer(request -> request.method().equals("PUT") && request.path().endsWith("/activate/7")
                ? Reply.json(403, "[{\"code\": \"AccessDenied\"}]") : hubex(request));

        List<WebhookStatus> report = health().check(true);

        assertThat(report).extracting(WebhookStatus::reactivated).containsExactly(false, true);
        assertThat(lines(Level.WARN)).anySatisfy(line -> assertThat(line)
                .startsWith("HubEx webhook \"DealFlow\" (ID 7) could not be switched on again: HubEx: could not"
                        + " activate webhook 7: HTTP 403"));
    }

    @Test
    void aWebhookWithFailedCallsGetsAWarningWithItsRemainingCalls() {
        answer(webhook(7, "DealFlow", true, 3, "Connection refused"));

        List<WebhookStatus> report = health().check();

        assertThat(report).containsExactly(new WebhookStatus(7, "DealFlow", true, 3, "Connection refused", false,
                NOW));
        assertThat(lines(Level.WARN)).containsExactly("HubEx webhook \"DealFlow\" (ID 7) is failing: 3 of 10 calls"
                + " remaining before HubEx switches it off (last error: Connection refused)");
        assertThat(lines(Level.INFO)).isEmpty();
        assertThat(activations()).isZero();
    }

    @Test
    void aFailureToReadTheWebhooksIsLoggedNotThrownAndKeepsThePreviousReport() {
        answer(webhook(7, "DealFlow", true, 10, null));
        HubexWebhookHealth health = health();
        List<WebhookStatus> first = health.check();
        long readsBefore = server.count(WEBHOOKS_PATH);
        webhooks = request -> Reply.json(500, "[{\"code\": \"InternalError\"}]");

        assertThat(health.check()).isEmpty();

        assertThat(health.lastReport()).isEqualTo(first);
        assertThat(lines(Level.WARN)).singleElement().asString()
                .startsWith("HubEx webhook health: could not read the webhooks: HubEx: could not list the webhooks:"
                        + " HTTP 500");
        assertThat(server.count(WEBHOOKS_PATH) - readsBefore).as("a read: repeated in place after a 5xx").isEqualTo(3);
    }

    @Test
    void theWebhookUriAndTokenNeverReachTheReportOrTheLog() {
        properties.setReactivateWebhooks(true);
        answer(webhook(7, "DealFlow", false, 0, "ConnectException: " + URI + " refused; token=" + WEBHOOK_TOKEN),
                webhook(8, "Other", true, 2, "POST http://10.0.0.5:8080/hook/" + WEBHOOK_TOKEN + " timed out"));

        List<WebhookStatus> report = health().check();

        assertThat(report).extracting(WebhookStatus::lastError).containsExactly(
                "ConnectException: https://dealflow.example.ru/*** refused; token=***",
                "POST http://10.0.0.5:8080/*** timed out");
        String everything = report + " " + String.join(" ", lines(Level.WARN)) + String.join(" ", lines(Level.INFO));
        assertThat(everything).doesNotContain(WEBHOOK_TOKEN).doesNotContain("/webhooks/hubex")
                .doesNotContain("/hook/");
        assertThat(logs.list).allSatisfy(e -> assertThat(java.util.Arrays.toString(e.getArgumentArray()))
                .doesNotContain(WEBHOOK_TOKEN));
    }

    @Test
    void theReconciliationStepGoesOnWhenTheHealthCheckFails() {
        HubexTaskReconciler reconciler = mock(HubexTaskReconciler.class);
        when(reconciler.run()).thenReturn(new HubexTaskReconciler.Result(5, 1, false));
        ReconciliationSchedule schedule = mock(ReconciliationSchedule.class);
        when(schedule.isEnabled()).thenReturn(true);
        HubexWebhookHealth failing = mock(HubexWebhookHealth.class);
        when(failing.check()).thenThrow(new IllegalStateException("boom"));
        DelegateExecution execution = mock(DelegateExecution.class);

        new ReconcileHubexTasksDelegate(reconciler, schedule, failing,
                io.dealflow.metrics.DealFlowMetrics.detached()).execute(execution);

        Mockito.verify(execution).setVariable(ReconcileHubexTasksDelegate.VAR_COMPLETED, 5);
        Mockito.verify(execution).setVariable(ReconcileHubexTasksDelegate.VAR_RECORDED, 1);
        Mockito.verify(failing).check();
    }

    @Test
    void theReconciliationStepChecksTheWebhooksOverHttpAndSurvivesAnUnreachableHubex() {
        HubexTaskReconciler reconciler = mock(HubexTaskReconciler.class);
        when(reconciler.run()).thenReturn(new HubexTaskReconciler.Result(0, 0, false));
        ReconciliationSchedule schedule = mock(ReconciliationSchedule.class);
        when(schedule.isEnabled()).thenReturn(true);
        properties.setBaseUrl("http://127.0.0.1:" + FreePort.find() + "/fsm/");

        new ReconcileHubexTasksDelegate(reconciler, schedule, health(),
                io.dealflow.metrics.DealFlowMetrics.detached()).execute(mock(DelegateExecution.class));

        assertThat(lines(Level.WARN)).singleElement().asString()
                .startsWith("HubEx webhook health: could not read the webhooks:");
    }
}
