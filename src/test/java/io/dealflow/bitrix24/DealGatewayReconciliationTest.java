package io.dealflow.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.support.RecordingHttpServer;
import io.dealflow.support.RecordingHttpServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Bitrix24 reads the reconciliation uses: pipelines and the stage history, against a local server. */
class DealGatewayReconciliationTest {

    private final ObjectMapper json = new ObjectMapper();
    private RecordingHttpServer server;
    private Bitrix24CommandBatcher batcher;
    private DealGateway gateway;

    @BeforeEach
    void startPortal() throws Exception {
        server = RecordingHttpServer.start(request -> Reply.json(500, "{}"));
        Bitrix24Properties properties = Bitrix24ClientTest.properties(server.port());
        Bitrix24Client client = new Bitrix24Client(properties, json);
        batcher = new Bitrix24CommandBatcher(client, properties);
        gateway = new DealGateway(client, batcher);
    }

    @AfterEach
    void stopPortal() {
        batcher.stop();
        server.close();
    }

    @Test
    void readsStageHistoryAfterTheCursorIntoTheGivenStagesOldestFirstWithoutCounting() throws Exception {
        server.answer(request -> Reply.json(200, """
                {"result": {"items": [
                  {"ID": 812, "OWNER_ID": 4711, "STAGE_ID": "C1:UC_SERVICE", "CREATED_TIME": "2026-09-01T10:15:02+03:00"},
                  {"ID": 815, "OWNER_ID": 4712, "STAGE_ID": "C3:UC_SRV01", "CREATED_TIME": "2026-09-01T10:16:00+03:00"}]},
                 "time": {"start": 1767000130.1}}"""));

        List<StageHistoryEntry> entries = gateway.stageHistoryAfter(800, List.of("C1:UC_SERVICE", "C3:UC_SRV01"));

        assertThat(entries).containsExactly(
                new StageHistoryEntry(812, 4711, "C1:UC_SERVICE", "2026-09-01T10:15:02+03:00"),
                new StageHistoryEntry(815, 4712, "C3:UC_SRV01", "2026-09-01T10:16:00+03:00"));
        assertThat(server.requests()).hasSize(1);
        assertThat(server.requests().get(0).path()).endsWith("/crm.stagehistory.list");
        JsonNode body = json.readTree(server.requests().get(0).body());
        assertThat(body.path("entityTypeId").asInt()).isEqualTo(2);
        assertThat(body.path("filter").path(">ID").asLong()).isEqualTo(800);
        assertThat(body.path("filter").path("STAGE_ID").toString()).isEqualTo("[\"C1:UC_SERVICE\",\"C3:UC_SRV01\"]");
        assertThat(body.path("order").path("ID").asText()).isEqualTo("ASC");
        assertThat(body.path("start").asInt()).isEqualTo(-1);
    }

    @Test
    void theNewestStageHistoryIdComesFromOneDescendingRead() throws Exception {
        server.answer(request -> Reply.json(200, "{\"result\": {\"items\": [{\"ID\": 9051}]}}"));

        assertThat(gateway.newestStageHistoryId()).hasValue(9051);
        JsonNode body = json.readTree(server.requests().get(0).body());
        assertThat(body.path("order").path("ID").asText()).isEqualTo("DESC");

        server.answer(request -> Reply.json(200, "{\"result\": {\"items\": []}}"));
        assertThat(gateway.newestStageHistoryId()).isEmpty();
    }

    @Test
    void theFirstStageEntrySinceAnInstantComesFromOneAscendingReadFilteredByCreatedTime() throws Exception {
        server.answer(request -> Reply.json(200, "{\"result\": {\"items\": [{\"ID\": 41}]}}"));

        assertThat(gateway.firstStageHistoryIdSince(Instant.parse("2026-11-28T09:16:02Z"),
                List.of("C1:UC_SERVICE"))).hasValue(41);
        JsonNode body = json.readTree(server.requests().get(0).body());
        assertThat(server.requests().get(0).path()).endsWith("/crm.stagehistory.list");
        assertThat(body.path("filter").path(">=CREATED_TIME").asText()).isEqualTo("2026-11-28T09:16:02+00:00");
        assertThat(body.path("filter").path("STAGE_ID").toString()).isEqualTo("[\"C1:UC_SERVICE\"]");
        assertThat(body.path("order").path("ID").asText()).isEqualTo("ASC");
        assertThat(body.path("start").asInt()).isEqualTo(-1);

        server.answer(request -> Reply.json(200, "{\"result\": {\"items\": []}}"));
        assertThat(gateway.firstStageHistoryIdSince(Instant.parse("2026-11-28T09:16:02Z"),
                List.of("C1:UC_SERVICE"))).isEmpty();
    }

    @Test
    void listsPipelinesPageByPageAndAlwaysTheGeneralOne() throws Exception {
        server.answer(request -> {
            boolean second = request.body().contains("\"start\":50");
            return Reply.json(200, second ? "{\"result\": {\"categories\": [{\"id\": 60}]}}"
                    : "{\"result\": {\"categories\": [{\"id\": 1}, {\"id\": 3}]}, \"next\": 50, \"total\": 51}");
        });

        assertThat(gateway.listPipelineIds()).containsExactly(0, 1, 3, 60);
        assertThat(server.requests()).hasSize(2);
        assertThat(json.readTree(server.requests().get(0).body()).path("entityTypeId").asInt()).isEqualTo(2);
    }
}
