package io.dealflow.hubex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.support.RecordingHttpServer;
import io.dealflow.support.RecordingHttpServer.Reply;
import io.dealflow.support.RecordingHttpServer.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconciliation's HubEx list call against a local server playing HubEx. */
class HubexCompletedTasksTest {

    private static final String TOKEN_PATH = "/fsm/AUTHZ/AccessTokens";

    private RecordingHttpServer server;
    private HubexCompletedTasks tasks;

    @BeforeEach
    void startHubex() throws Exception {
        server = RecordingHttpServer.start(request -> request.path().equals(TOKEN_PATH)
                ? Reply.json(200, "{\"access_token\": \"access-1\", \"expires_in\": 1800}")
                : Reply.json(200, """
                        {"5129": {"number": "0207000000003", "timesheet": {"completed": "2026-08-28T13:40:12"}},
                         "5130": {"number": "0207000000004", "timesheet": {"completed": "2026-08-28T13:41:00"}}}"""));
        HubexProperties properties = new HubexProperties();
        properties.setBaseUrl("http://127.0.0.1:" + server.port() + "/fsm");
        properties.setServiceToken("service-token");
        properties.setConnectTimeout(Duration.ofSeconds(2));
        properties.setReadTimeout(Duration.ofSeconds(5));
        tasks = new HubexCompletedTasks(new HubexClient(properties, new ObjectMapper()));
    }

    @AfterEach
    void stopHubex() {
        server.close();
    }

    @Test
    void asksForCompletedUndeletedTasksOfTheWindowWithAOneBasedRange() {
        Map<Long, JsonNode> page = tasks.page(Instant.parse("2026-08-28T13:38:00.750Z"),
                Instant.parse("2026-08-28T13:45:00Z"), 101, 200);

        assertThat(page).containsOnlyKeys(5129L, 5130L);
        assertThat(page.get(5129L).path("number").asText()).isEqualTo("0207000000003");
        Request call = server.requests().stream().filter(r -> !r.path().equals(TOKEN_PATH)).findFirst().orElseThrow();
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.path()).isEqualTo("/fsm/WORK/Tasks");
        assertThat(java.net.URLDecoder.decode(call.query(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("isCompleted=true", "isDeleted=false", "completionFrom=2026-08-28T13:38:00",
                        "completionTill=2026-08-28T13:45:00");
        assertThat(call.header("Range")).isEqualTo("items=101-200");
        assertThat(call.header("Authorization")).isEqualTo("Bearer access-1");
    }

    @Test
    void failuresAreHubexExceptionsWithReadableText() {
        server.answer(request -> request.path().equals(TOKEN_PATH)
                ? Reply.json(200, "{\"access_token\": \"access-1\", \"expires_in\": 1800}")
                : Reply.json(400, "[{\"code\":\"InvalidData\",\"message\":\"bad date\"}]"));

        HubexException e = catchThrowableOfType(HubexException.class, () -> tasks.page(
                Instant.parse("2026-08-28T13:38:00Z"), Instant.parse("2026-08-28T13:45:00Z"), 1, 100));

        assertThat(e.kind()).isEqualTo(HubexException.Kind.REJECTED);
        assertThat(e.getMessage()).contains("list the tasks completed between 2026-08-28T13:38:00 and"
                + " 2026-08-28T13:45:00", "HTTP 400");
    }
}
