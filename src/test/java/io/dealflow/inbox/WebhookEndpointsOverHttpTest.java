package io.dealflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.support.Eventually;
import io.dealflow.support.RunningServiceTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The webhooks in the running service: answered in front of Spring MVC (ADR 0020), yet still timed under their
 * paths in {@code http.server.requests}, and refusing other methods as before.
 */
@RunningServiceTest
class WebhookEndpointsOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort int port;
    @Autowired MeterRegistry meters;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mvcMappings;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void noControllerOfSpringMvcServesAWebhookPath() {
        assertThat(mvcMappings.getHandlerMethods().keySet())
                .allSatisfy(mapping -> assertThat(mapping.getPatternValues())
                        .noneMatch(pattern -> pattern.startsWith("/webhooks")));
    }

    @Test
    void eachWebhookIsTimedUnderItsPathAndStatus() throws Exception {
        HttpResponse<String> accepted = send("POST", "/webhooks/bitrix24", "application/x-www-form-urlencoded",
                "event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=4713&auth%5Bapplication_token%5D=test-app-token");
        HttpResponse<String> refused = send("POST", "/webhooks/hubex?token=wrong", "application/json",
                "{\"taskID\":5132}");

        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(refused.statusCode()).isEqualTo(401);
        // the observation ends after the answer has gone out
        Eventually.await("both calls timed under their paths", Duration.ofSeconds(5),
                () -> timer("/webhooks/bitrix24", "200") != null && timer("/webhooks/hubex", "401") != null);
    }

    @Test
    void aPathParameterDoesNotHideTheEndpoint() throws Exception {
        HttpResponse<String> response = send("POST", "/webhooks/hubex;v=1?token=test-hubex-token", "application/json",
                "{\"taskID\":5133}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()))
                .isEqualTo(JSON.readTree("{\"status\":\"accepted\",\"taskIds\":[5133]}"));
    }

    @Test
    void anotherMethodIsRefusedWith405OverHttpToo() throws Exception {
        HttpResponse<String> response = send("GET", "/webhooks/hubex?token=test-hubex-token", null, null);

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(response.body()).isEqualTo("{\"error\":\"the webhook takes POST only, not GET\"}");
    }

    private Timer timer(String uri, String status) {
        return meters.find("http.server.requests").tag("uri", uri).tag("status", status).timer();
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
