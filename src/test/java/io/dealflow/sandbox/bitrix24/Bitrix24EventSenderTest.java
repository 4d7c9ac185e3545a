package io.dealflow.sandbox.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.dealflow.sandbox.SandboxProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class Bitrix24EventSenderTest {

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(200);
    private final SandboxProperties properties = new SandboxProperties();
    private final MockEnvironment environment = new MockEnvironment()
            .withProperty("dealflow.bitrix24.application-token", "k2j3h4g5f6d7s8a9");
    private final Bitrix24SimulatorStore store = new Bitrix24SimulatorStore();
    private HttpServer server;
    private Bitrix24EventSender sender;

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/webhooks/bitrix24", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        server.start();
        properties.getBitrix24().setDomain("acme.bitrix24.ru");
        sender = new Bitrix24EventSender(properties, environment, store);
    }

    @AfterEach
    void stop() {
        sender.destroy();
        server.stop(0);
    }

    @Test
    void postsTheExactFormOfAnOutgoingWebhookToTheLocalServerPort() throws Exception {
        environment.setProperty("local.server.port", Integer.toString(server.getAddress().getPort()));

        String id = store.createDeal("x", null, 0, null, null, null, Map.of());

        assertThat(sender.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(sender.deliveredCount()).isEqualTo(1);
        assertThat(contentTypes).containsExactly("application/x-www-form-urlencoded");
        Map<String, String> form = decode(bodies.get(0));
        assertThat(form.keySet()).containsExactly("event", "event_handler_id", "data[FIELDS][ID]", "ts",
                "auth[domain]", "auth[client_endpoint]", "auth[server_endpoint]", "auth[member_id]",
                "auth[application_token]");
        assertThat(form).containsEntry("event", "ONCRMDEALADD").containsEntry("data[FIELDS][ID]", id)
                .containsEntry("auth[domain]", "acme.bitrix24.ru")
                .containsEntry("auth[client_endpoint]", "https://acme.bitrix24.ru/rest/")
                .containsEntry("auth[application_token]", "k2j3h4g5f6d7s8a9");
        assertThat(form.get("ts")).matches("\\d{10}");
        assertThat(form.get("auth[member_id]")).matches("[0-9a-f]{32}");
        assertThat(bodies.get(0)).contains("data%5BFIELDS%5D%5BID%5D=" + id);
    }

    @Test
    void usesTheConfiguredHandlerUrlAndReportsEveryChange() throws Exception {
        properties.getBitrix24().setEventHandlerUrl(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/bitrix24");

        String id = store.createDeal("x", null, 0, null, null, null, Map.of());
        store.moveDealToStage(id, "UC_SERVICE");
        store.deleteDeal(id);

        assertThat(sender.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(bodies).extracting(body -> decode(body).get("event"))
                .containsExactlyInAnyOrder("ONCRMDEALADD", "ONCRMDEALUPDATE", "ONCRMDEALDELETE");
        assertThat(sender.deliveries()).allMatch(Bitrix24EventSender.Delivery::delivered);
    }

    @Test
    void neverRetriesAFailedDeliveryAndCanBeSwitchedOff() throws Exception {
        properties.getBitrix24().setEventHandlerUrl(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/bitrix24");
        answer.set(500);

        store.createDeal("x", null, 0, null, null, null, Map.of());
        assertThat(sender.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(sender.failedCount()).isEqualTo(1);
        assertThat(bodies).hasSize(1);

        sender.setDeliverEvents(false);
        store.createDeal("y", null, 0, null, null, null, Map.of());
        assertThat(sender.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(bodies).hasSize(1);
        assertThat(sender.deliveredCount()).isZero();
    }

    private static Map<String, String> decode(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return form;
    }

    @Test
    void everyConfiguredReceiverGetsEveryEventAndRepeatsToo() throws Exception {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/bitrix24";
        properties.getBitrix24().setEventHandlerUrl(url + "?node=a, " + url + "?node=b");

        String id = store.createDeal("x", null, 0, null, null, null, Map.of());
        sender.resend("ONCRMDEALUPDATE", id);

        assertThat(sender.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(bodies).extracting(body -> decode(body).get("event"))
                .containsExactlyInAnyOrder("ONCRMDEALADD", "ONCRMDEALADD", "ONCRMDEALUPDATE", "ONCRMDEALUPDATE");
        assertThat(sender.deliveredCount()).isEqualTo(4);
    }

    @Test
    void lostDeliveriesAreNeverSentAndCountedApart() throws Exception {
        properties.getBitrix24().setEventHandlerUrl(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/bitrix24");
        sender.drops().setRate(1);

        store.createDeal("x", null, 0, null, null, null, Map.of());
        store.createDeal("y", null, 0, null, null, null, Map.of());

        assertThat(sender.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(bodies).isEmpty();
        assertThat(sender.droppedCount()).isEqualTo(2);
        assertThat(sender.failedCount()).isZero();
    }

    @Test
    void keepsNoMoreThanTheLastThousandAttempts() throws Exception {
        // no handler URL and no server port: every attempt is recorded at once as undeliverable
        for (int i = 1; i <= 1005; i++) {
            sender.resend("ONCRMDEALUPDATE", Integer.toString(i));
        }

        assertThat(sender.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(sender.failedCount()).isEqualTo(1005);
        List<Bitrix24EventSender.Delivery> kept = sender.deliveries();
        assertThat(kept).hasSize(1000).noneMatch(Bitrix24EventSender.Delivery::delivered);

        sender.resetDeliveries();
        assertThat(sender.deliveries()).isEmpty();
    }
}
