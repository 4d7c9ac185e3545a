package io.dealflow.sandbox.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;

import io.dealflow.sandbox.FaultInjector;
import io.dealflow.sandbox.SandboxProperties;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

class Bitrix24SimulatorControllerTest {

    private static final String BASE = "/sandbox/bitrix24/rest/1/sandbox-secret/";

    private final SandboxProperties properties = new SandboxProperties();
    private final Bitrix24SimulatorStore store = new Bitrix24SimulatorStore();
    private final FaultInjector faults = new FaultInjector();
    private final LeakyBucket bucket = new LeakyBucket(0, 2.0);
    private final Bitrix24RestMethods methods = new Bitrix24RestMethods(store);
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Bitrix24SimulatorController(properties, store,
            methods, new Bitrix24BatchRunner(methods, store, faults, new SandboxProperties()), bucket, faults)).build();

    @Test
    void getsADealFromAJsonBodyWithTheTimeBlock() throws Exception {
        String id = store.createDeal("Замена насоса", null, 1, "C1:UC_SERVICE", null, null, Map.of());

        mvc.perform(post(BASE + "crm.deal.get.json").contentType(MediaType.APPLICATION_JSON).content("{\"id\": " + id + "}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.result.ID").value(id))
                .andExpect(jsonPath("$.result.TITLE").value("Замена насоса"))
                .andExpect(jsonPath("$.result.STAGE_ID").value("C1:UC_SERVICE"))
                .andExpect(jsonPath("$.result.CONTACT_ID").value(nullValue()))
                .andExpect(jsonPath("$.time.date_start").exists())
                .andExpect(jsonPath("$.time.operating_reset_at").exists());
        assertThat(store.requestCount("crm.deal.get")).isEqualTo(1);
    }

    @Test
    void updatesFromFormParametersWithBracketKeys() throws Exception {
        String id = store.createDeal("x", null, 0, null, null, null, Map.of());

        mvc.perform(post(BASE + "crm.deal.update").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("id", id).param("fields[STAGE_ID]", "UC_DONE")
                        .param("fields[OPPORTUNITY]", "12500.5").param("fields[UF_CRM_FSM_COMMENT]", "Заменён насос")
                        .param("params[REGISTER_SONET_EVENT]", "N"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.result").value(true));

        assertThat(store.getDeal(id)).containsEntry("STAGE_ID", "UC_DONE").containsEntry("OPPORTUNITY", "12500.50")
                .containsEntry("UF_CRM_FSM_COMMENT", "Заменён насос");
    }

    @Test
    void aCallHeldBeyondThePortalsTimeLimitEndsUnanswered504AndNeverTakesEffect() throws Exception {
        properties.getBitrix24().setRequestTimeLimit(java.time.Duration.ofMillis(200));
        String id = store.createDeal("x", null, 0, null, null, null, Map.of());
        faults.add("crm.timeline.comment.add", 0, null, 1, 300);

        mvc.perform(post(BASE + "crm.timeline.comment.add").param("fields[ENTITY_TYPE]", "deal")
                        .param("fields[ENTITY_ID]", id).param("fields[COMMENT]", "held"))
                .andExpect(status().isGatewayTimeout())
                .andExpect(jsonPath("$.error").value("REQUEST_TIME_LIMIT"));
        assertThat(store.timelineComments()).isEmpty();
    }

    @Test
    void answersPortalErrors() throws Exception {
        mvc.perform(post("/sandbox/bitrix24/rest/1/wrong/crm.deal.get").param("id", "1"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().json("{\"error\":\"NO_AUTH_FOUND\",\"error_description\":\"Wrong authorization data\"}", true));
        mvc.perform(get(BASE + "crm.deal.get").param("id", "42"))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("{\"error\":\"\",\"error_description\":\"Not found\"}", true));
        mvc.perform(get(BASE + "crm.deal.get").param("id", "abc"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error_description").value("ID is not defined or invalid"));
        mvc.perform(get(BASE + "crm.deal.explode"))
                .andExpect(status().isNotFound())
                .andExpect(content().json("{\"error\":\"ERROR_METHOD_NOT_FOUND\",\"error_description\":\"Method not found!\"}", true));
        String id = store.createDeal("x", null, 0, null, null, null, Map.of());
        mvc.perform(post(BASE + "crm.deal.update").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"id\":" + id + ",\"fields\":{\"STAGE_ID\":\"C1:UC_DONE\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(""));
        mvc.perform(post(BASE + "crm.timeline.comment.add").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"fields\":{\"ENTITY_ID\":" + id + ",\"ENTITY_TYPE\":\"deal\",\"COMMENT\":\"\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("INVALID_ARG_VALUE"));
    }

    @Test
    void listsDealsWithFiltersSelectAndPaging() throws Exception {
        for (int i = 0; i < 60; i++) {
            store.createDeal("deal " + i, null, i % 2, null, null, null, Map.of());
        }
        store.moveDealToStage("3", "UC_SERVICE");

        mvc.perform(post(BASE + "crm.deal.list").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"filter\":{\"CATEGORY_ID\":1,\">ID\":10},\"select\":[\"STAGE_ID\"],\"order\":{\"ID\":\"DESC\"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(25))
                .andExpect(jsonPath("$.next").doesNotExist())
                .andExpect(jsonPath("$.result", hasSize(25)))
                .andExpect(jsonPath("$.result[0].ID").value("60"))
                .andExpect(jsonPath("$.result[0].STAGE_ID").value("C1:NEW"))
                .andExpect(jsonPath("$.result[0].TITLE").doesNotExist());
        mvc.perform(get(BASE + "crm.deal.list").param("start", "50"))
                .andExpect(jsonPath("$.total").value(60))
                .andExpect(jsonPath("$.result", hasSize(10)));
        mvc.perform(get(BASE + "crm.deal.list"))
                .andExpect(jsonPath("$.next").value(50));
        mvc.perform(get(BASE + "crm.deal.list").param("start", "-1"))
                .andExpect(jsonPath("$.total").value(0))
                .andExpect(jsonPath("$.next").doesNotExist())
                .andExpect(jsonPath("$.result", hasSize(50)));
        mvc.perform(get(BASE + "crm.deal.list").param("filter[@ID][]", "3").param("filter[@ID][]", "4")
                        .param("filter[!STAGE_ID][]", "NEW").param("filter[!STAGE_ID][]", "C1:NEW")
                        .param("filter[>=MOVED_TIME]", "2020-01-01"))
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.result[0].ID").value("3"));
        // only the named deals that exist, in ID order whatever the filter's order
        mvc.perform(get(BASE + "crm.deal.list").param("filter[@ID][]", "9").param("filter[@ID][]", "999")
                        .param("filter[@ID][]", "02"))
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.result[0].ID").value("2"))
                .andExpect(jsonPath("$.result[1].ID").value("9"));
    }

    @Test
    void listsStagesPipelinesAndTimelineComments() throws Exception {
        mvc.perform(get(BASE + "crm.status.list").param("filter[ENTITY_ID]", "DEAL_STAGE_1")
                        .param("order[SORT]", "ASC"))
                .andExpect(jsonPath("$.total").value(5))
                .andExpect(jsonPath("$.result[1].STATUS_ID").value("C1:UC_SERVICE"))
                .andExpect(jsonPath("$.result[1].NAME").value("Сервисная служба"));
        mvc.perform(post(BASE + "crm.category.list").contentType(MediaType.APPLICATION_JSON).content("{\"entityTypeId\":2}"))
                .andExpect(jsonPath("$.result.categories[1].name").value("Сервис"))
                .andExpect(jsonPath("$.result.categories[1].id").value(1));
        String id = store.createDeal("x", null, 0, null, null, null, Map.of());
        mvc.perform(post(BASE + "crm.timeline.comment.add").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"fields\":{\"ENTITY_ID\":" + id + ",\"ENTITY_TYPE\":\"deal\",\"COMMENT\":\"Готово\"}}"))
                .andExpect(jsonPath("$.result").value(1));
        mvc.perform(get(BASE + "crm.timeline.comment.list").param("filter[ENTITY_ID]", id)
                        .param("filter[ENTITY_TYPE]", "deal"))
                .andExpect(jsonPath("$.result[0].COMMENT").value("Готово"))
                .andExpect(jsonPath("$.total").value(1));
    }

    @Test
    void batchOverHttpEncodesEmptySectionsAsPhpArrays() throws Exception {
        String id = store.createDeal("x", null, 0, null, null, null, Map.of());

        mvc.perform(post(BASE + "batch").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"halt\":0,\"cmd\":{\"deal\":\"crm.deal.get?id=" + id + "\"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.result.result.deal.ID").value(id))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("\"result_error\":[]")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("\"result_next\":[]")))
                .andExpect(jsonPath("$.time.duration").exists());
        assertThat(store.requestCount()).isEqualTo(1);
        assertThat(store.requestCount("batch")).isEqualTo(1);
        assertThat(store.commandCount("crm.deal.get")).isEqualTo(1);
    }

    @Test
    void refusesRequestsOverTheLeakyBucketWithOneUnitPerBatch() throws Exception {
        bucket.configure(2, 0.0);

        mvc.perform(get(BASE + "crm.deal.fields")).andExpect(status().isOk());
        mvc.perform(post(BASE + "batch").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"cmd\":{\"a\":\"crm.deal.fields\",\"b\":\"crm.deal.fields\",\"c\":\"crm.deal.fields\"}}"))
                .andExpect(status().isOk());
        mvc.perform(get(BASE + "crm.deal.fields"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().json("{\"error\":\"QUERY_LIMIT_EXCEEDED\",\"error_description\":\"Too many requests\"}", true));
    }

    @Test
    void scriptedFaultsAnswerOnceThenTheCallWorksAgain() throws Exception {
        faults.add("crm.deal.fields", 500, "<html>oops", 1, 0);
        faults.add("batch", 0, null, 1, 50);

        mvc.perform(get(BASE + "crm.deal.fields"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().string("<html>oops"));
        mvc.perform(get(BASE + "crm.deal.fields")).andExpect(status().isOk());

        long started = System.nanoTime();
        mvc.perform(post(BASE + "batch").contentType(MediaType.APPLICATION_JSON).content("{\"cmd\":{\"a\":\"crm.deal.fields\"}}"))
                .andExpect(status().isOk());
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(50);
    }

    @Test
    void addsContactsAndCompaniesFromJson() throws Exception {
        String body = "{\"fields\":{\"NAME\":\"Ирина\",\"PHONE\":[{\"VALUE\":\"+79001234567\",\"VALUE_TYPE\":\"MOBILE\"}]}}";
        String contactId = mvc.perform(post(BASE + "crm.contact.add").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString()
                .replaceAll(".*\"result\":(\\d+).*", "$1");

        mvc.perform(get(BASE + "crm.contact.get").param("id", contactId))
                .andExpect(jsonPath("$.result.PHONE[0].VALUE_TYPE").value("MOBILE"))
                .andExpect(jsonPath("$.result.PHONE[0].TYPE_ID").value("PHONE"))
                .andExpect(jsonPath("$.result.EMAIL").doesNotExist());
        mvc.perform(get(BASE + "crm.company.get").param("id", "5001"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error_description").value("Not found"));
    }

    @Test
    void anAfterExecutionFaultWritesTheDealButSpoilsTheAnswer() throws Exception {
        String id = store.createDeal("x", null, 0, null, null, null, Map.of());
        faults.add(new FaultInjector.Fault("crm.deal.update", 200, "{\"result\": tr", 0, true, 1.0,
                new AtomicInteger(1)));

        mvc.perform(post(BASE + "crm.deal.update").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"id\": " + id + ", \"fields\": {\"TITLE\": \"y\"}}"))
                .andExpect(status().isOk())
                .andExpect(content().string("{\"result\": tr"));

        assertThat(store.getDeal(id)).containsEntry("TITLE", "y");
    }

    @Test
    void anAfterExecutionFaultInsideABatchRunsTheCommandAndReportsItFailed() throws Exception {
        String id = store.createDeal("x", null, 0, null, null, null, Map.of());
        faults.add(new FaultInjector.Fault("crm.deal.update", 500, null, 0, true, 1.0,
                new AtomicInteger(1)));

        mvc.perform(post(BASE + "batch").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"cmd\":{\"u\":\"crm.deal.update?id=" + id + "&fields[TITLE]=z\"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.result.result_error.u.error").value("INTERNAL_SERVER_ERROR"));

        assertThat(store.getDeal(id)).containsEntry("TITLE", "z");
    }
}
