package io.dealflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.support.RunningServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Over real HTTP, every webhook answer is JSON sent with its length in one piece, not chunked. */
@RunningServiceTest
class WebhookAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void acceptsABitrix24EventWithASizedAnswer() throws Exception {
        HttpResponse<String> response = post("/webhooks/bitrix24", "application/x-www-form-urlencoded",
                "event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=4712&auth%5Bapplication_token%5D=test-app-token");

        assertSizedJson(response, 200, "{\"status\":\"accepted\"}");
    }

    @Test
    void acceptsAHubexEventWithASizedAnswer() throws Exception {
        HttpResponse<String> response = post("/webhooks/hubex?token=test-hubex-token", "application/json",
                "{\"taskID\":5131}");

        assertSizedJson(response, 200, "{\"status\":\"accepted\",\"taskIds\":[5131]}");
    }

    @Test
    void refusesWithASizedAnswerToo() throws Exception {
        HttpResponse<String> response = post("/webhooks/hubex?token=wrong", "application/json", "{\"taskID\":5131}");

        assertSizedJson(response, 401,
                "{\"error\":\"the token query parameter does not match dealflow.hubex.webhook-token\"}");
    }

    @Test
    void theGuardRefusesWithASizedAnswerToo() throws Exception {
        HttpResponse<String> response = post("/webhooks/bitrix24", "application/x-www-form-urlencoded",
                "event=ONCRMDEALUPDATE&pad=" + "x".repeat(70 * 1024));

        assertSizedJson(response, 413,
                "{\"error\":\"the body is larger than 65536 bytes (dealflow.webhooks.max-body-size)\"}");
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertSizedJson(HttpResponse<String> response, int status, String json) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
        assertThat(response.headers().firstValueAsLong("Content-Length"))
                .hasValue((long) response.body().getBytes(StandardCharsets.UTF_8).length);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree(json));
    }
}
