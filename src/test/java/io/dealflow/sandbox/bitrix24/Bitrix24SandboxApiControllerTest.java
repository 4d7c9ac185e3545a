package io.dealflow.sandbox.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;

import io.dealflow.sandbox.FaultInjector;
import io.dealflow.sandbox.SandboxProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

class Bitrix24SandboxApiControllerTest {

    private static final String API = "/sandbox/api/bitrix24";

    private final SandboxProperties properties = new SandboxProperties();
    private final Bitrix24SimulatorStore store = new Bitrix24SimulatorStore();
    private final FaultInjector faults = new FaultInjector();
    private final LeakyBucket bucket = new LeakyBucket(50, 2.0);
    private final Bitrix24EventSender events = new Bitrix24EventSender(properties, new MockEnvironment(), store);
    private final MockMvc mvc = MockMvcBuilders
            .standaloneSetup(new Bitrix24SandboxApiController(store, events, bucket, faults)).build();

    @AfterEach
    void stopSender() {
        events.destroy();
    }

    @Test
    void createsADealWithContactAndCompanyAndMovesIt() throws Exception {
        String body = """
                {"title": "Замена насоса", "comments": "Клиент просит утро", "stageId": "C1:UC_SERVICE",
                 "contact": {"name": "Ирина", "lastName": "Петрова", "phones": ["+79001234567"], "emails": ["i@example.ru"]},
                 "company": {"title": "ООО Насосы", "phones": ["+78430000000"]},
                 "fields": {"UF_CRM_CRITICALITY": "57", "UF_CRM_OBJECT_ADDRESS": "ул. Ленина, 1, Казань|55.79;49.12|3301"}}
                """;
        mvc.perform(post(API + "/deals").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.ID").value("1"))
                .andExpect(jsonPath("$.CATEGORY_ID").value("1"))
                .andExpect(jsonPath("$.STAGE_ID").value("C1:UC_SERVICE"))
                .andExpect(jsonPath("$.CONTACT_ID").value("1001"))
                .andExpect(jsonPath("$.COMPANY_ID").value("5001"))
                .andExpect(jsonPath("$.UF_CRM_CRITICALITY").value("57"));
        assertThat(store.getContact("1001")).containsEntry("COMPANY_ID", "5001").containsEntry("LAST_NAME", "Петрова");

        mvc.perform(post(API + "/deals/1/stage").contentType(MediaType.APPLICATION_JSON).content("{\"stageId\":\"C1:UC_DONE\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.STAGE_ID").value("C1:UC_DONE"));
        store.addTimelineComment("deal", "1", "Готово", "1");
        mvc.perform(get(API + "/deals/1"))
                .andExpect(jsonPath("$.timelineComments[0].COMMENT").value("Готово"))
                .andExpect(jsonPath("$.MOVED_TIME").exists());
        mvc.perform(delete(API + "/deals/1")).andExpect(status().isNoContent());
        mvc.perform(get(API + "/deals/1")).andExpect(status().isNotFound());
    }

    @Test
    void aDealOfARepeatCustomerJoinsACompanyThePortalHasAlready() throws Exception {
        mvc.perform(post(API + "/deals").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"title\": \"first\", \"company\": {\"title\": \"ООО Насосы\"}}"))
                .andExpect(jsonPath("$.COMPANY_ID").value("5001"));
        mvc.perform(post(API + "/deals").contentType(MediaType.APPLICATION_JSON).content("""
                        {"title": "second", "companyId": "5001", "contact": {"name": "Олег"}}"""))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.COMPANY_ID").value("5001"));
        assertThat(store.getContact("1001")).containsEntry("COMPANY_ID", "5001");

        mvc.perform(post(API + "/deals").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"title\": \"x\", \"companyId\": \"5999\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("companyId 5999 is not a company of the portal"));
        mvc.perform(post(API + "/deals").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"companyId\": \"5001\", \"company\": {\"title\": \"y\"}}"))
                .andExpect(status().isBadRequest());
        assertThat(store.listDeals()).hasSize(2);
    }

    @Test
    void createsContactAndCompanyAddressesAsRequisitesWithActualAddresses() throws Exception {
        String body = """
                {"title": "Замена насоса", "stageId": "C1:UC_SERVICE",
                 "contact": {"name": "Ирина", "address": {"address1": "ул. Ленина, 1, кв. 5", "city": "Казань",
                             "postalCode": "420000", "country": "Россия"}},
                 "company": {"title": "ООО Насосы", "address": {"address1": "ул. Баумана, 5", "city": "Казань"}}}
                """;
        mvc.perform(post(API + "/deals").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.CONTACT_ID").value("1001"))
                .andExpect(jsonPath("$.COMPANY_ID").value("5001"));

        assertThat(store.requisites()).extracting(r -> r.get("ENTITY_TYPE_ID"), r -> r.get("ENTITY_ID"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("4", "5001"),
                        org.assertj.core.groups.Tuple.tuple("3", "1001"));
        assertThat(store.addresses()).hasSize(2);
        assertThat(store.addresses().get(1)).containsEntry("TYPE_ID", "1").containsEntry("ENTITY_TYPE_ID", "8")
                .containsEntry("ENTITY_ID", "9002").containsEntry("ADDRESS_1", "ул. Ленина, 1, кв. 5")
                .containsEntry("CITY", "Казань").containsEntry("POSTAL_CODE", "420000")
                .containsEntry("COUNTRY", "Россия").containsEntry("ANCHOR_ID", "1001");
        assertThat(store.addresses().get(0)).containsEntry("ENTITY_ID", "9001").containsEntry("POSTAL_CODE", null);

        mvc.perform(post(API + "/deals").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"contact\": {\"name\": \"x\", \"address\": \"ул. Ленина\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("contact.address must be a JSON object"));
        mvc.perform(post(API + "/deals").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"company\": {\"title\": \"x\", \"address\": {\"country\": \"Россия\"}}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("company.address needs address1 or city"));
        assertThat(store.listDeals()).hasSize(1);
        assertThat(store.requisites()).hasSize(2);
    }

    @Test
    void rejectsBadInputWithAReason() throws Exception {
        mvc.perform(post(API + "/deals").contentType(MediaType.APPLICATION_JSON).content("{\"stageId\":\"UC_NOPE\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("stageId UC_NOPE is not a stage of pipeline 0"));
        mvc.perform(post(API + "/deals").contentType(MediaType.APPLICATION_JSON).content("[1,2]"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("body must be a JSON object"));
        mvc.perform(post(API + "/deals").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"fields\": {\"OPPORTUNITY\": \"lots\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").exists());
        String id = store.createDeal("x", null, 0, null, null, null, Map.of());
        mvc.perform(post(API + "/deals/" + id + "/stage").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post(API + "/deals/" + id + "/stage").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"stageId\":\"C1:NEW\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post(API + "/faults").contentType(MediaType.APPLICATION_JSON).content("{\"status\":503}"))
                .andExpect(status().isBadRequest());
        mvc.perform(put(API + "/limit").contentType(MediaType.APPLICATION_JSON).content("{\"drainPerSecond\":1}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void scriptsFaultsAndLimitsAndReportsStats() throws Exception {
        mvc.perform(post(API + "/faults").contentType(MediaType.APPLICATION_JSON).content(
                        "{\"operation\":\"crm.deal.get\",\"status\":503,\"times\":2,"
                                + "\"body\":{\"error\":\"QUERY_LIMIT_EXCEEDED\",\"error_description\":\"Too many requests\"}}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.body").value("{\"error\":\"QUERY_LIMIT_EXCEEDED\",\"error_description\":\"Too many requests\"}"));
        assertThat(faults.take("crm.deal.get")).isPresent();
        mvc.perform(delete(API + "/faults")).andExpect(status().isNoContent());
        assertThat(faults.take("crm.deal.get")).isEmpty();

        mvc.perform(put(API + "/limit").contentType(MediaType.APPLICATION_JSON).content("{\"bucketSize\":1,\"drainPerSecond\":0}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.bucketSize").value(1));
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();

        store.countRequest("crm.deal.get");
        mvc.perform(get(API + "/stats"))
                .andExpect(jsonPath("$.requests").value(1))
                .andExpect(jsonPath("$.requestsByMethod['crm.deal.get']").value(1))
                .andExpect(jsonPath("$.refusedByLimit").value(1))
                .andExpect(jsonPath("$.eventsDelivered").value(0));
        mvc.perform(get(API + "/stages"))
                .andExpect(jsonPath("$[1].entityId").value("DEAL_STAGE_1"))
                .andExpect(jsonPath("$[1].stages[1].name").value("Сервисная служба"));
    }

    @Test
    void losesEventsOnPurposeAndRepeatsThem() throws Exception {
        mvc.perform(put(API + "/events").contentType(MediaType.APPLICATION_JSON).content("{\"dropRate\":0.25}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deliver").value(true))
                .andExpect(jsonPath("$.dropRate").value(0.25));
        assertThat(events.drops().rate()).isEqualTo(0.25);
        mvc.perform(put(API + "/events").contentType(MediaType.APPLICATION_JSON).content("{\"deliver\":false}"))
                .andExpect(jsonPath("$.deliver").value(false));
        assertThat(events.isDeliverEvents()).isFalse();
        mvc.perform(put(API + "/events").contentType(MediaType.APPLICATION_JSON).content("{\"dropRate\":1.5}"))
                .andExpect(status().isBadRequest());
        mvc.perform(put(API + "/events").contentType(MediaType.APPLICATION_JSON).content("{\"deliver\":\"yes\"}"))
                .andExpect(status().isBadRequest());

        String id = store.createDeal("x", null, 0, null, null, null, Map.of());
        mvc.perform(post(API + "/deals/" + id + "/events").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"times\":2}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.event").value("ONCRMDEALUPDATE"));
        mvc.perform(post(API + "/deals/999/events")).andExpect(status().isNotFound());
        mvc.perform(post(API + "/deals/" + id + "/events").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"event\":\"ONCRMLEADADD\"}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void listsArmedFaultsAndCountsTheCallsTheyHit() throws Exception {
        mvc.perform(post(API + "/faults").contentType(MediaType.APPLICATION_JSON).content(
                        "{\"operation\":\"crm.deal.update\",\"status\":200,\"body\":\"{broken\",\"times\":2,"
                                + "\"afterExecution\":true,\"probability\":0.5}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.afterExecution").value(true));
        mvc.perform(post(API + "/faults").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"operation\":\"batch\",\"probability\":0}"))
                .andExpect(status().isBadRequest());
        faults.add("batch", 500, null, 1, 0);
        assertThat(faults.take("batch")).isPresent();

        mvc.perform(get(API + "/faults"))
                .andExpect(jsonPath("$.pending[0].operation").value("crm.deal.update"))
                .andExpect(jsonPath("$.pending[0].probability").value(0.5))
                .andExpect(jsonPath("$.injected").value(1));
        mvc.perform(get(API + "/stats")).andExpect(jsonPath("$.faultsInjected").value(1))
                .andExpect(jsonPath("$.eventsDropped").value(0));
    }
}
