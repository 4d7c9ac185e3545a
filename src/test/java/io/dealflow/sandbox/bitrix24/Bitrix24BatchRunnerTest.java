package io.dealflow.sandbox.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dealflow.sandbox.FaultInjector;
import org.junit.jupiter.api.Test;

class Bitrix24BatchRunnerTest {

    private final Bitrix24SimulatorStore store = new Bitrix24SimulatorStore();
    private final FaultInjector faults = new FaultInjector();
    private final Bitrix24BatchRunner batch = new Bitrix24BatchRunner(new Bitrix24RestMethods(store), store, faults,
            new io.dealflow.sandbox.SandboxProperties());

    @Test
    void chainsEarlierResultsAndReportsFailuresPerCommand() {
        String contactId = store.createContact("Ирина", "Петрова", List.of("+79001234567"), List.of());
        String dealId = store.createDeal("x", null, 1, "C1:UC_SERVICE", contactId, null, Map.of());

        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("deal", "crm.deal.get?id=" + dealId);
        cmd.put("links", "crm.deal.contact.items.get?id=" + dealId);
        cmd.put("contact", "crm.contact.get?id=$result[links][0][CONTACT_ID]");
        cmd.put("company", "crm.company.get?id=$result[deal][COMPANY_ID]");
        cmd.put("stages", "crm.status.list?filter[ENTITY_ID]=DEAL_STAGE_$result[deal][CATEGORY_ID]");
        Map<String, Object> result = batch.run(Map.of("halt", "0", "cmd", cmd), "1");

        Map<String, Object> results = section(result, "result");
        assertThat(results).containsOnlyKeys("deal", "links", "contact", "stages");
        assertThat(asMap(results.get("contact"))).containsEntry("ID", contactId);
        assertThat((List<?>) results.get("stages")).hasSize(5);
        assertThat(section(result, "result_error")).containsOnlyKeys("company");
        assertThat(asMap(section(result, "result_error").get("company")))
                .containsEntry("error", "").containsEntry("error_description", "ID is not defined or invalid");
        assertThat(section(result, "result_total")).containsEntry("stages", 5);
        assertThat(result.get("result_next")).isEqualTo(List.of());
        assertThat(section(result, "result_time")).containsKeys("deal", "company");
        assertThat(store.commandCount("crm.deal.get")).isEqualTo(1);
    }

    @Test
    void chainsDealToTheRequisiteOfItsContactToItsAddressInOneBatch() {
        String contactId = store.createContact("Ирина", "Петрова", List.of(), List.of());
        String requisiteId = store.addActualAddress(Bitrix24SimulatorStore.OWNER_CONTACT, contactId,
                "ул. Ленина, 1", "Казань");
        store.addAddress(requisiteId, Bitrix24SimulatorStore.ADDRESS_DELIVERY, "Склад 3", "Казань", null, null);
        String dealId = store.createDeal("x", null, 1, "C1:UC_SERVICE", contactId, null, Map.of());

        Map<String, Object> result = batch.run(Map.of("halt", "0", "cmd", addressChain("crm.deal.get?id=" + dealId)),
                "1");

        assertThat(result.get("result_error")).isEqualTo(List.of());
        Map<String, Object> results = section(result, "result");
        assertThat((List<?>) results.get("req")).singleElement()
                .satisfies(r -> assertThat(asMap(r)).containsEntry("ID", requisiteId));
        assertThat((List<?>) results.get("addr")).singleElement().satisfies(a -> assertThat(asMap(a))
                .containsEntry("TYPE_ID", "1").containsEntry("ENTITY_ID", requisiteId)
                .containsEntry("ADDRESS_1", "ул. Ленина, 1").containsEntry("CITY", "Казань")
                .containsEntry("POSTAL_CODE", null));
        assertThat(section(result, "result_total")).containsEntry("req", 1).containsEntry("addr", 1);
        assertThat(store.commandCount("crm.address.list")).isEqualTo(1);
    }

    @Test
    void anEmptyChainGivesEmptyListsNotErrors() {
        String withAddress = store.createContact("Пётр", null, List.of(), List.of());
        store.addActualAddress(Bitrix24SimulatorStore.OWNER_CONTACT, withAddress, "ул. Ленина, 1", "Казань");
        String withoutRequisite = store.createContact("Ирина", null, List.of(), List.of());
        String dealId = store.createDeal("x", null, 0, null, withoutRequisite, null, Map.of());
        String dealWithoutContact = store.createDeal("y", null, 0, null, null, null, Map.of());

        for (String deal : List.of(dealId, dealWithoutContact)) {
            Map<String, Object> result = batch.run(Map.of("halt", "1", "cmd", addressChain("crm.deal.get?id=" + deal)),
                    "1");

            assertThat(result.get("result_error")).isEqualTo(List.of());
            assertThat(section(result, "result")).containsEntry("req", List.of()).containsEntry("addr", List.of());
            assertThat(section(result, "result_total")).containsEntry("req", 0).containsEntry("addr", 0);
        }

        // a failed first command leaves nothing to refer to: the references are empty too
        Map<String, Object> failed = batch.run(Map.of("halt", "0", "cmd", addressChain("crm.deal.get?id=999")), "1");
        assertThat(section(failed, "result_error")).containsOnlyKeys("deal");
        assertThat(section(failed, "result")).containsEntry("req", List.of()).containsEntry("addr", List.of());
    }

    /** deal → requisites of its contact → actual address of the first requisite. */
    private static Map<String, Object> addressChain(String dealCommand) {
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("deal", dealCommand);
        cmd.put("req", "crm.requisite.list?filter[ENTITY_TYPE_ID]=3&filter[ENTITY_ID]=$result[deal][CONTACT_ID]"
                + "&select[]=ID");
        cmd.put("addr", "crm.address.list?filter[ENTITY_TYPE_ID]=8&filter[ENTITY_ID]=$result[req][0][ID]"
                + "&filter[TYPE_ID]=1");
        return cmd;
    }

    @Test
    void writesCanUseTheIdOfAnEarlierAdd() {
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("add", "crm.deal.add?fields[TITLE]=" + "Из+batch" + "&fields[CATEGORY_ID]=1");
        cmd.put("move", "crm.deal.update?id=$result[add]&fields[STAGE_ID]=C1:UC_DONE&fields[UF_CRM_TASK]=A-1");
        cmd.put("comment", "crm.timeline.comment.add?fields[ENTITY_ID]=$result[add]&fields[ENTITY_TYPE]=deal"
                + "&fields[COMMENT]=%D0%93%D0%BE%D1%82%D0%BE%D0%B2%D0%BE");

        Map<String, Object> result = batch.run(Map.of("cmd", cmd), "1");

        assertThat(result.get("result_error")).isEqualTo(List.of());
        String id = section(result, "result").get("add").toString();
        assertThat(store.getDeal(id)).containsEntry("TITLE", "Из batch").containsEntry("STAGE_ID", "C1:UC_DONE")
                .containsEntry("UF_CRM_TASK", "A-1");
        assertThat(store.dealTimelineComments(id)).extracting(c -> c.get("COMMENT")).containsExactly("Готово");
    }

    @Test
    void haltStopsAtTheFirstError() {
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("missing", "crm.deal.get?id=999");
        cmd.put("after", "crm.deal.fields");

        Map<String, Object> halted = batch.run(Map.of("halt", 1, "cmd", cmd), "1");
        Map<String, Object> continued = batch.run(Map.of("halt", 0, "cmd", cmd), "1");

        assertThat(halted.get("result")).isEqualTo(List.of());
        assertThat(asMap(section(halted, "result_error").get("missing"))).containsEntry("error_description", "Not found");
        assertThat(section(continued, "result")).containsOnlyKeys("after");
    }

    @Test
    void unknownMethodsFailOnlyTheirCommand() {
        Map<String, Object> result = batch.run(Map.of("cmd", Map.of("x", "crm.nothing.get?id=1")), "1");

        assertThat(asMap(section(result, "result_error").get("x"))).containsEntry("error", "ERROR_METHOD_NOT_FOUND");
    }

    @Test
    void scriptedFaultsHitCommandsInsideTheBatch() {
        faults.add("crm.deal.fields", 503, "{\"error\":\"QUERY_LIMIT_EXCEEDED\",\"error_description\":\"Too many requests\"}", 1, 0);

        Map<String, Object> result = batch.run(Map.of("cmd", Map.of("f", "crm.deal.fields")), "1");

        assertThat(asMap(section(result, "result_error").get("f"))).containsEntry("error", "QUERY_LIMIT_EXCEEDED");
    }

    @Test
    void slowCommandsEndTheRequestAtThePortalsTimeLimitAndTheRestNeverRun() {
        io.dealflow.sandbox.SandboxProperties properties = new io.dealflow.sandbox.SandboxProperties();
        properties.getBitrix24().setRequestTimeLimit(java.time.Duration.ofMillis(300));
        Bitrix24BatchRunner limited = new Bitrix24BatchRunner(new Bitrix24RestMethods(store), store, faults,
                properties);
        String dealId = store.createDeal("x", null, 1, "C1:UC_SERVICE", null, null, Map.of());
        // each add is held 200 ms: the first lands, the second would only after the request's 300 ms
        faults.add("crm.timeline.comment.add", 0, null, 2, 200);
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("first", "crm.timeline.comment.add?fields[ENTITY_TYPE]=deal&fields[ENTITY_ID]=" + dealId
                + "&fields[COMMENT]=one");
        cmd.put("second", "crm.timeline.comment.add?fields[ENTITY_TYPE]=deal&fields[ENTITY_ID]=" + dealId
                + "&fields[COMMENT]=two");

        assertThatThrownBy(() -> limited.run(Map.of("cmd", cmd), "1"))
                .isInstanceOf(Bitrix24BatchRunner.RequestTimeLimitReached.class);
        assertThat(store.timelineComments()).extracting(c -> c.get("COMMENT")).containsExactly("one");
    }

    @Test
    void rejectsOversizedAndNestedBatchesBeforeRunningAnything() {
        Map<String, Object> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < 51; i++) {
            tooMany.put("c" + i, "crm.deal.add?fields[TITLE]=x");
        }
        assertThatThrownBy(() -> batch.run(Map.of("cmd", tooMany), "1"))
                .isInstanceOfSatisfying(Bitrix24RestError.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.error()).isEqualTo("ERROR_BATCH_LENGTH_EXCEEDED");
                });

        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("add", "crm.deal.add?fields[TITLE]=x");
        nested.put("inner", "batch?cmd[a]=crm.deal.fields");
        assertThatThrownBy(() -> batch.run(Map.of("cmd", nested), "1"))
                .isInstanceOfSatisfying(Bitrix24RestError.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(405);
                    assertThat(e.error()).isEqualTo("ERROR_BATCH_METHOD_NOT_ALLOWED");
                });
        assertThat(store.listDeals()).isEmpty();
    }

    private static Map<String, Object> section(Map<String, Object> result, String name) {
        return asMap(result.get(name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }
}
