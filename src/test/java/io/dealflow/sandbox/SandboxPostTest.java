package io.dealflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxPostTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/webhooks/hubex", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            clientPorts.add(exchange.getRemoteAddress().getPort());
            byte[] answer = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void postsTheBodyAndReturnsTheStatus() throws IOException {
        int answered = SandboxPost.post(target(), "application/json", "{\"taskID\":5129}", TIMEOUT, TIMEOUT);

        assertThat(answered).isEqualTo(200);
        assertThat(received).containsExactly("POST application/json {\"taskID\":5129}");
    }

    @Test
    void returnsARefusalAsItsStatus() throws IOException {
        status = 401;

        assertThat(SandboxPost.post(target(), "application/json", "{}", TIMEOUT, TIMEOUT)).isEqualTo(401);
        status = 503;
        assertThat(SandboxPost.post(target(), "application/json", "{}", TIMEOUT, TIMEOUT)).isEqualTo(503);
    }

    @Test
    void keepsTheConnectionForTheNextCall() throws IOException {
        status = 401;
        SandboxPost.post(target(), "application/json", "{}", TIMEOUT, TIMEOUT);
        status = 200;
        SandboxPost.post(target(), "application/json", "{}", TIMEOUT, TIMEOUT);
        SandboxPost.post(target(), "application/json", "{}", TIMEOUT, TIMEOUT);

        assertThat(clientPorts).hasSize(3);
        assertThat(clientPorts).as("one connection for all three calls").containsOnly(clientPorts.get(0));
    }

    private URL target() throws IOException {
        return new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/hubex?token=t");
    }
}
