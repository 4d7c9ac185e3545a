package io.dealflow.bitrix24;

import io.dealflow.support.RecordingHttpServer;
import io.dealflow.support.RecordingHttpServer.Reply;
import io.dealflow.support.RecordingHttpServer.Request;

import static io.dealflow.bitrix24.Bitrix24ClientTest.failure;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.bitrix24.Bitrix24Exception.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DealGateway's batched reads against a local server playing Bitrix24. */
class DealGatewayTest {

    private final ObjectMapper objectMapper = new ObjectMapper();
    private RecordingHttpServer server;
    private Bitrix24CommandBatcher batcher;
    private DealGateway gateway;

    @BeforeEach
    void startPortal() throws Exception {
        server = RecordingHttpServer.start(request -> Reply.json(500, "{}"));
        Bitrix24Properties properties = Bitrix24ClientTest.properties(server.port());
        Bitrix24Client client = new Bitrix24Client(properties, objectMapper);
        batcher = new Bitrix24CommandBatcher(client, properties);
        gateway = new DealGateway(client, batcher);
    }

    @AfterEach
    void stopPortal() {
        batcher.stop();
        server.close();
    }

    private void batchAnswers(String result, String resultError) {
        server.answer(request -> Reply.json(200, "{\"result\": {\"result\": " + result + ", \"result_error\": "
                + resultError + ", \"result_total\": [], \"result_next\": [], \"result_time\": []},"
                + " \"time\": {\"start\": 1767000130.1}}"));
    }

    @Test
    void loadsDealContactAndCompanyInOneChainedRequest() throws Exception {
        batchAnswers("""
                {"deal": {"ID": "4711", "TITLE": "Замена насоса", "CONTACT_ID": "214", "COMPANY_ID": "88"},
                 "contact": {"ID": "214", "NAME": "Ирина", "LAST_NAME": "Петрова"},
                 "company": {"ID": "88", "TITLE": "ООО «Ромашка»"}}""", "[]");

        DealParties parties = gateway.loadWithParties(4711);

        assertThat(parties.deal().title()).isEqualTo("Замена насоса");
        assertThat(parties.contact()).hasValueSatisfying(c -> assertThat(c.path("NAME").asText()).isEqualTo("Ирина"));
        assertThat(parties.company()).hasValueSatisfying(
                c -> assertThat(c.path("TITLE").asText()).isEqualTo("ООО «Ромашка»"));
        assertThat(server.requests()).hasSize(1);
        RecordingHttpServer.Request request = server.requests().get(0);
        assertThat(request.path()).endsWith("/batch");
        assertThat(request.body()).contains("$result[deal][CONTACT_ID]");
        JsonNode cmd = objectMapper.readTree(request.body()).path("cmd");
        assertThat(cmd.path("deal").asText()).isEqualTo("crm.deal.get?id=4711");
        assertThat(cmd.path("contact").asText()).isEqualTo("crm.contact.get?id=$result[deal][CONTACT_ID]");
        assertThat(cmd.path("company").asText()).isEqualTo("crm.company.get?id=$result[deal][COMPANY_ID]");
    }

    @Test
    void ignoresTheContactCommandWhenTheDealHasNoContact() {
        batchAnswers("""
                {"deal": {"ID": "4711", "TITLE": "Без контакта", "CONTACT_ID": "0", "COMPANY_ID": "88"},
                 "company": {"ID": "88", "TITLE": "ООО «Ромашка»"}}""", """
                {"contact": {"error": "", "error_description": "ID is not defined or invalid."}}""");

        DealParties parties = gateway.loadWithParties(4711);

        assertThat(parties.contact()).isEmpty();
        assertThat(parties.company()).isPresent();
    }

    @Test
    void treatsMissingContactAndCompanyIdsAsNone() {
        batchAnswers("""
                {"deal": {"ID": "4711", "TITLE": "Пустая", "COMPANY_ID": null}}""", """
                {"contact": {"error": "", "error_description": "ID is not defined or invalid."},
                 "company": {"error": "", "error_description": "ID is not defined or invalid."}}""");

        DealParties parties = gateway.loadWithParties(4711);

        assertThat(parties.contact()).isEmpty();
        assertThat(parties.company()).isEmpty();
    }

    @Test
    void treatsADeletedContactAsNone() {
        batchAnswers("""
                {"deal": {"ID": "4711", "TITLE": "x", "CONTACT_ID": "214", "COMPANY_ID": "0"}}""", """
                {"contact": {"error": "", "error_description": "Not found"}}""");

        assertThat(gateway.loadWithParties(4711).contact()).isEmpty();
    }

    @Test
    void failsWhenTheContactCannotBeRead() {
        batchAnswers("""
                {"deal": {"ID": "4711", "TITLE": "x", "CONTACT_ID": "214", "COMPANY_ID": "0"}}""", """
                {"contact": {"error": "ACCESS_DENIED", "error_description": "Access denied"}}""");

        assertThat(failure(() -> gateway.loadWithParties(4711)).kind()).isEqualTo(Kind.AUTH);
    }

    @Test
    void failsWithNotFoundWhenTheDealIsGone() {
        batchAnswers("[]", """
                {"deal": {"error": "", "error_description": "Not found"},
                 "contact": {"error": "", "error_description": "ID is not defined or invalid."},
                 "company": {"error": "", "error_description": "ID is not defined or invalid."}}""");

        Bitrix24Exception e = failure(() -> gateway.loadWithParties(4711));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.method()).isEqualTo("crm.deal.get");
    }

    @Test
    void readDealsIsOneListCallThatLeavesOutDealsThatNoLongerExist() throws Exception {
        server.answer(request -> request.path().endsWith("/crm.deal.list") ? Reply.json(200, """
                {"result": [{"ID": "3", "TITLE": "Третья", "STAGE_ID": "C3:UC_SRV01"},
                            {"ID": "1", "TITLE": "Первая", "STAGE_ID": "C3:NEW"}],
                 "time": {"start": 1767000130.1}}""") : Reply.json(400, """
                {"error": "", "error_description": "Not found"}"""));

        Map<Long, Deal> deals = gateway.readDeals(List.of(1L, 2L, 3L, 1L));

        assertThat(deals.keySet()).as("in the order asked for; deal 2 was not listed").containsExactly(1L, 3L);
        assertThat(deals.get(3L).stageId()).isEqualTo("C3:UC_SRV01");
        assertThat(server.requests()).as("the list, then the unlisted deal asked for once more").hasSize(2);
        assertThat(server.requests().get(1).path()).endsWith("/crm.deal.get");
        assertThat(objectMapper.readTree(server.requests().get(1).body()).path("id").asLong()).isEqualTo(2);
        Request list = server.requests().get(0);
        assertThat(list.path()).as("with request slots free it goes out on its own").endsWith("/crm.deal.list");
        assertThat(objectMapper.readTree(list.body())).isEqualTo(objectMapper.readTree("""
                {"filter": {"@ID": [1, 2, 3]}, "select": ["ID", "TITLE", "STAGE_ID", "CATEGORY_ID", "MOVED_TIME"],
                 "start": -1}"""));
    }

    @Test
    void aDealTheWebhooksUserMayNotReadIsNotTakenForDeleted() {
        server.answer(request -> request.path().endsWith("/crm.deal.list")
                ? Reply.json(200, "{\"result\": [{\"ID\": \"1\"}]}")
                : Reply.json(403, "{\"error\": \"ACCESS_DENIED\", \"error_description\": \"Access denied\"}"));

        Bitrix24Exception e = failure(() -> gateway.readDeals(List.of(1L, 2L)));

        assertThat(e.kind()).as("the read fails and is tried again; the deal's cycle is not told it was deleted")
                .isEqualTo(Kind.AUTH);
        assertThat(e.method()).isEqualTo("crm.deal.get");
    }

    @Test
    void readDealsAsksForFiftyDealsPerListCommand() throws Exception {
        String firstFifty = java.util.stream.IntStream.rangeClosed(1, 50).filter(id -> id != 3)
                .mapToObj(id -> "{\"ID\": \"" + id + "\"}").collect(java.util.stream.Collectors.joining(", "));
        server.answer(request -> request.path().endsWith("/crm.deal.get")
                ? Reply.json(400, "{\"error\": \"\", \"error_description\": \"Not found\"}")
                : Reply.json(200, "{\"result\": {\"result\": {\"deals0\": [" + firstFifty + "], \"deals1\":"
                        + " [{\"ID\": \"51\"}]}, \"result_error\": []}}"));

        Map<Long, Deal> deals = gateway.readDeals(java.util.stream.LongStream.rangeClosed(1, 51).boxed().toList());

        assertThat(deals).hasSize(50).containsKeys(1L, 50L, 51L).doesNotContainKey(3L);
        JsonNode cmd = objectMapper.readTree(server.requests().get(0).body()).path("cmd");
        assertThat(cmd.path("deals0").asText()).contains("filter[%40ID][49]=50&select").doesNotContain("=51&");
        assertThat(cmd.path("deals1").asText()).startsWith("crm.deal.list?filter[%40ID][0]=51&select");
        assertThat(server.requests()).as("two list commands in one batch, then deal 3 asked for once more").hasSize(2);
        assertThat(server.requests().get(1).path()).endsWith("/crm.deal.get");
    }


    @Test
    void readDealsFailsWhenTheListFails() {
        server.answer(request -> Reply.json(401, """
                {"error": "ACCESS_DENIED", "error_description": "Access denied"}"""));

        Bitrix24Exception e = failure(() -> gateway.readDeals(List.of(1L, 2L)));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.method()).isEqualTo("crm.deal.list");
    }

    @Test
    void readingNoDealsAsksNothing() {
        assertThat(gateway.readDeals(List.of())).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void readsRequisiteAddressesInTheSameRequestAndKeepsOnlyThoseOfTheDealsParties() throws Exception {
        batchAnswers("""
                {"deal": {"ID": "4711", "CONTACT_ID": "214", "COMPANY_ID": "0"},
                 "contact": {"ID": "214", "NAME": "Ирина"},
                 "contactRequisite": [{"ID": "31", "ENTITY_TYPE_ID": "3", "ENTITY_ID": "214"}],
                 "contactAddress": [{"TYPE_ID": "1", "ENTITY_ID": "31", "ADDRESS_1": "ул. Баумана, 58"},
                                    {"TYPE_ID": "1", "ENTITY_ID": "99", "ADDRESS_1": "чужой адрес"}],
                 "companyRequisite": [{"ID": "40", "ENTITY_TYPE_ID": "4", "ENTITY_ID": "7"}],
                 "companyAddress": [{"TYPE_ID": "1", "ENTITY_ID": "40", "ADDRESS_1": "адрес чужой компании"}]}""",
                "[]");

        DealParties parties = gateway.loadWithParties(4711, true);

        assertThat(parties.requisiteAddresses()).extracting(a -> a.path("ADDRESS_1").asText())
                .containsExactly("ул. Баумана, 58");
        assertThat(server.requests()).hasSize(1);
        assertThat(server.requests().get(0).body())
                .contains("crm.requisite.list?filter[ENTITY_TYPE_ID]=3&filter[ENTITY_ID]=$result[deal][CONTACT_ID]")
                .contains("crm.address.list?filter[ENTITY_TYPE_ID]=8&filter[ENTITY_ID]=$result[contactRequisite][0][ID]");
    }

    @Test
    void listsTheDealsNewestTimelineCommentsWithOneRequest() throws Exception {
        server.answer(request -> Reply.json(200, "{\"result\": [{\"ID\": \"977\", \"COMMENT\": \"Создана заявка\"},"
                + " {\"ID\": \"970\", \"COMMENT\": \"Звонок клиенту\"}], \"total\": 2, \"time\": {}}"));

        Map<Long, String> comments = gateway.recentTimelineComments(4711);

        assertThat(comments).containsExactly(Map.entry(977L, "Создана заявка"), Map.entry(970L, "Звонок клиенту"));
        assertThat(server.requests()).hasSize(1);
        assertThat(server.requests().get(0).path()).endsWith("/crm.timeline.comment.list");
        JsonNode params = objectMapper.readTree(server.requests().get(0).body());
        assertThat(params.path("filter").path("ENTITY_ID").asLong()).isEqualTo(4711);
        assertThat(params.path("filter").path("ENTITY_TYPE").asText()).isEqualTo("deal");
        assertThat(params.path("order").path("ID").asText()).isEqualTo("DESC");
    }
}
