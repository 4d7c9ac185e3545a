package io.dealflow.sandbox.hubex;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HubexWebhookSenderTest {

    /** One received call: the request URI and the body. */
    private record Call(String uri, String contentType, String body) {
    }

    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final AtomicInteger answerStatus = new AtomicInteger(200);
    private HttpServer server;
    private HubexSimulatorFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", exchange -> {
            calls.add(new Call(exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(answerStatus.get(), -1);
            exchange.close();
        });
        server.start();
        fx = new HubexSimulatorFixture();
        fx.sender.setDeliverWebhooks(true);
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private String serverUrl(String path) {
        return "http://localhost:" + server.getAddress().getPort() + path;
    }

    @Test
    void completionSetsTheTimesheetAndCallsTheWebhook() throws Exception {
        fx.properties.getHubex().setWebhookUrl(serverUrl("/hook"));
        HubexTask created = fx.store.createTask(NewHubexTask.of(10, "deal-1", "Сделка 1"), null);

        HubexTask completed = fx.store.completeTask(created.id());

        assertThat(completed.completed()).isNotNull();
        assertThat(completed.stageId()).isEqualTo(HubexDirectory.STAGE_DONE);
        Call call = calls.poll(5, TimeUnit.SECONDS);
        assertThat(call).isNotNull();
        assertThat(call.uri()).isEqualTo("/hook");
        assertThat(call.contentType()).startsWith("application/json");
        JsonNode payload = fx.json.readTree(call.body());
        assertThat(payload.get("eventCode").asText()).isEqualTo("TaskCompleted");
        assertThat(payload.get("eventID").isInt()).isTrue();
        assertThat(payload.get("taskID").asInt()).isEqualTo(created.id());
        assertThat(payload.get("taskNumber").asText()).isEqualTo(created.number());
        assertThat(payload.get("taskStageID").asInt()).isEqualTo(7);
        assertThat(payload.get("occured").asText()).endsWith("Z");
        awaitCount(fx.sender::deliveredCount, 1);
    }

    @Test
    void defaultsToTheServicesOwnWebhookEndpointWithTheSandboxToken() throws Exception {
        fx.environment.setProperty("local.server.port", String.valueOf(server.getAddress().getPort()));
        HubexTask task = fx.store.createTask(NewHubexTask.of(10, "deal-1", null), null);

        fx.store.addChatMessage(task.id(), HubexDirectory.TECHNICIAN_KULIBIN_ID, "Выезжаю", false);

        Call call = calls.poll(5, TimeUnit.SECONDS);
        assertThat(call.uri()).isEqualTo("/webhooks/hubex?token=sandbox-hubex-token");
        assertThat(fx.json.readTree(call.body()).get("eventCode").asText()).isEqualTo("TaskChanged");

        fx.environment.setProperty("dealflow.hubex.webhook-token", "s3cret");
        fx.store.moveToStage(task.id(), HubexDirectory.STAGE_IN_PROGRESS);
        assertThat(calls.poll(5, TimeUnit.SECONDS).uri()).isEqualTo("/webhooks/hubex?token=s3cret");
    }

    @Test
    void failedCallsSpendTheBudgetUntilTheWebhookSwitchesOff() throws Exception {
        fx.properties.getHubex().setWebhookUrl(serverUrl("/hook"));
        answerStatus.set(500);
        HubexTask task = fx.store.createTask(NewHubexTask.of(10, "deal-1", null), null);

        for (int i = 0; i < HubexWebhookState.FAILURE_BUDGET; i++) {
            assertThat(fx.sender.send(event(task)).get(5, TimeUnit.SECONDS)).isFalse();
        }

        HubexWebhookState.Status status = fx.store.webhook().status();
        assertThat(status.isActive()).isFalse();
        assertThat(status.callsRemaining()).isZero();
        assertThat(status.lastCallException()).isEqualTo("HTTP 500");
        assertThat(fx.sender.send(event(task)).get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(calls).hasSize(HubexWebhookState.FAILURE_BUDGET);

        fx.store.webhook().activate();
        answerStatus.set(200);
        assertThat(fx.sender.send(event(task)).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(fx.store.webhook().status().callsRemaining()).isEqualTo(HubexWebhookState.FAILURE_BUDGET);
    }

    @Test
    void aStoppedSenderCallsNothingAndSaysWhy() throws Exception {
        fx.properties.getHubex().setWebhookUrl(serverUrl("/hook"));
        HubexTask task = fx.store.createTask(NewHubexTask.of(10, "deal-1", null), null);

        fx.sender.stop();

        assertThat(fx.sender.send(event(task)).get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(fx.store.webhook().status().lastCallException()).isEqualTo("the simulator is stopping");
        assertThat(calls).isEmpty();
    }

    @Test
    void successRefillsTheBudget() throws Exception {
        fx.properties.getHubex().setWebhookUrl(serverUrl("/hook"));
        HubexTask task = fx.store.createTask(NewHubexTask.of(10, "deal-1", null), null);
        answerStatus.set(503);
        fx.sender.send(event(task)).get(5, TimeUnit.SECONDS);
        assertThat(fx.store.webhook().status().callsRemaining()).isEqualTo(9);

        answerStatus.set(204);
        fx.sender.send(event(task)).get(5, TimeUnit.SECONDS);

        assertThat(fx.store.webhook().status().callsRemaining()).isEqualTo(10);
        assertThat(fx.store.webhook().status().lastCallException()).isNull();
    }

    @Test
    void sendsNothingWhenDeliveryIsSwitchedOff() throws Exception {
        fx.properties.getHubex().setWebhookUrl(serverUrl("/hook"));
        fx.sender.setDeliverWebhooks(false);
        HubexTask task = fx.store.createTask(NewHubexTask.of(10, "deal-1", null), null);

        fx.store.completeTask(task.id());

        assertThat(calls.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(fx.store.webhook().status().callsRemaining()).isEqualTo(10);
    }

    private static HubexTaskEvent event(HubexTask task) {
        return new HubexTaskEvent(HubexTaskEvent.Kind.TASK_CHANGED, task.id(), task.number(), task.stageId(),
                task.lastModified());
    }

    private static void awaitCount(java.util.function.IntSupplier count, int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (count.getAsInt() < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(count.getAsInt()).isEqualTo(expected);
    }

    @Test
    void everyConfiguredReceiverGetsEveryCall() throws Exception {
        fx.properties.getHubex().setWebhookUrl(serverUrl("/a?token=t") + "," + serverUrl("/b?token=t"));
        HubexTask task = fx.store.createTask(NewHubexTask.of(10, "deal-1", null), null);

        assertThat(fx.sender.send(event(task)).get(5, TimeUnit.SECONDS)).isTrue();

        assertThat(List.of(calls.poll(5, TimeUnit.SECONDS).uri(), calls.poll(5, TimeUnit.SECONDS).uri()))
                .containsExactlyInAnyOrder("/a?token=t", "/b?token=t");
        assertThat(fx.sender.deliveredCount()).isEqualTo(2);
    }

    @Test
    void lostCallsAreNeverMadeAndSpendNothingOfTheBudget() throws Exception {
        fx.properties.getHubex().setWebhookUrl(serverUrl("/hook"));
        fx.sender.drops().setRate(1);
        HubexTask task = fx.store.createTask(NewHubexTask.of(10, "deal-1", null), null);

        for (int i = 0; i < HubexWebhookState.FAILURE_BUDGET + 2; i++) {
            assertThat(fx.sender.send(event(task)).get(5, TimeUnit.SECONDS)).isFalse();
        }

        assertThat(calls.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(fx.sender.droppedCount()).isEqualTo(HubexWebhookState.FAILURE_BUDGET + 2);
        assertThat(fx.store.webhook().status().isActive()).isTrue();
        assertThat(fx.sender.failedCount()).isZero();
    }
}
