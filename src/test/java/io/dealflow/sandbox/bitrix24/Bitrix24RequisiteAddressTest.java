package io.dealflow.sandbox.bitrix24;

import static io.dealflow.sandbox.bitrix24.Bitrix24SimulatorStore.ADDRESS_ACTUAL;
import static io.dealflow.sandbox.bitrix24.Bitrix24SimulatorStore.ADDRESS_DELIVERY;
import static io.dealflow.sandbox.bitrix24.Bitrix24SimulatorStore.ADDRESS_LEGAL;
import static io.dealflow.sandbox.bitrix24.Bitrix24SimulatorStore.OWNER_COMPANY;
import static io.dealflow.sandbox.bitrix24.Bitrix24SimulatorStore.OWNER_CONTACT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import io.dealflow.sandbox.FaultInjector;
import io.dealflow.sandbox.SandboxProperties;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

class Bitrix24RequisiteAddressTest {

    private static final String BASE = "/sandbox/bitrix24/rest/1/sandbox-secret/";

    private final Bitrix24SimulatorStore store = new Bitrix24SimulatorStore();
    private final FaultInjector faults = new FaultInjector();
    private final Bitrix24RestMethods methods = new Bitrix24RestMethods(store);
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Bitrix24SimulatorController(
            new SandboxProperties(), store, methods, new Bitrix24BatchRunner(methods, store, faults, new SandboxProperties()),
            new LeakyBucket(0, 2.0), faults)).build();

    @Test
    void addsRequisitesOverRestAndListsThemByOwnerAsStrings() throws Exception {
        String contactId = store.createContact("Ирина", "Петрова", List.of(), List.of());
        String companyId = store.createCompany("ООО Насосы", List.of(), List.of());

        mvc.perform(post(BASE + "crm.requisite.add").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"fields\":{\"ENTITY_TYPE_ID\":3,\"ENTITY_ID\":" + contactId
                                + ",\"PRESET_ID\":3,\"NAME\":\"Петрова И.\",\"RQ_INN\":\"772800000001\"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.result").value(9001));
        mvc.perform(post(BASE + "crm.requisite.add").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("fields[ENTITY_TYPE_ID]", "4").param("fields[ENTITY_ID]", companyId)
                        .param("fields[PRESET_ID]", "1").param("fields[NAME]", "ООО Насосы")
                        .param("fields[RQ_INN]", "1655000000").param("fields[RQ_KPP]", "165501001"))
                .andExpect(jsonPath("$.result").value(9002));

        mvc.perform(post(BASE + "crm.requisite.list").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"filter\":{\"ENTITY_TYPE_ID\":3,\"ENTITY_ID\":" + contactId + "}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.next").doesNotExist())
                .andExpect(jsonPath("$.result[0].ID").value("9001"))
                .andExpect(jsonPath("$.result[0].ENTITY_TYPE_ID").value("3"))
                .andExpect(jsonPath("$.result[0].ENTITY_ID").value(contactId))
                .andExpect(jsonPath("$.result[0].PRESET_ID").value("3"))
                .andExpect(jsonPath("$.result[0].NAME").value("Петрова И."))
                .andExpect(jsonPath("$.result[0].RQ_INN").value("772800000001"))
                .andExpect(jsonPath("$.result[0].RQ_KPP").value(nullValue()))
                .andExpect(jsonPath("$.result[0].DATE_CREATE").exists());
        mvc.perform(get(BASE + "crm.requisite.list").param("filter[ENTITY_TYPE_ID]", "4")
                        .param("filter[ENTITY_ID]", companyId).param("select[]", "RQ_KPP"))
                .andExpect(jsonPath("$.result", hasSize(1)))
                .andExpect(jsonPath("$.result[0].ID").value("9002"))
                .andExpect(jsonPath("$.result[0].RQ_KPP").value("165501001"))
                .andExpect(jsonPath("$.result[0].NAME").doesNotExist());
        mvc.perform(get(BASE + "crm.requisite.list").param("order[ID]", "DESC"))
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.result[0].ID").value("9002"));
        mvc.perform(get(BASE + "crm.requisite.list").param("filter[ENTITY_TYPE_ID]", "3")
                        .param("filter[ENTITY_ID]", companyId))
                .andExpect(jsonPath("$.total").value(0))
                .andExpect(jsonPath("$.result", hasSize(0)));
    }

    @Test
    void refusesRequisitesOfUnknownOwnersWithADescription() throws Exception {
        String contactId = store.createContact("Ирина", null, List.of(), List.of());

        mvc.perform(post(BASE + "crm.requisite.add").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"fields\":{\"ENTITY_TYPE_ID\":3,\"ENTITY_ID\":1042,\"PRESET_ID\":3,\"NAME\":\"x\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("{\"error\":\"\",\"error_description\":\"Contact with ID 1042 is not found\"}", true));
        mvc.perform(post(BASE + "crm.requisite.add").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"fields\":{\"ENTITY_TYPE_ID\":4,\"ENTITY_ID\":" + contactId
                                + ",\"PRESET_ID\":1,\"NAME\":\"x\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error_description").value("Company with ID " + contactId + " is not found"));
        mvc.perform(post(BASE + "crm.requisite.add").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"fields\":{\"ENTITY_TYPE_ID\":2,\"ENTITY_ID\":1,\"PRESET_ID\":1,\"NAME\":\"x\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error_description").value(org.hamcrest.Matchers.startsWith("ENTITY_TYPE_ID")));
        mvc.perform(post(BASE + "crm.requisite.add").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"fields\":{\"ENTITY_TYPE_ID\":3,\"ENTITY_ID\":" + contactId + ",\"PRESET_ID\":3}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error_description").value("The field NAME is required"));
        mvc.perform(post(BASE + "crm.requisite.add").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"fields\":{\"ENTITY_TYPE_ID\":3,\"ENTITY_ID\":" + contactId + ",\"NAME\":\"x\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error_description").value(org.hamcrest.Matchers.startsWith("PRESET_ID")));
        assertThatThrownBy(() -> store.addRequisite(OWNER_COMPANY, "5077", "x", null))
                .isInstanceOfSatisfying(Bitrix24RestError.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.description()).isEqualTo("Company with ID 5077 is not found");
                });
        assertThat(store.requisites()).isEmpty();
    }

    @Test
    void listsRequisitesInPagesOfFifty() throws Exception {
        String companyId = store.createCompany("ООО Насосы", List.of(), List.of());
        for (int i = 0; i < 60; i++) {
            store.addRequisite(OWNER_COMPANY, companyId, "Реквизит " + i, null);
        }

        mvc.perform(get(BASE + "crm.requisite.list").param("filter[ENTITY_ID]", companyId))
                .andExpect(jsonPath("$.total").value(60))
                .andExpect(jsonPath("$.next").value(50))
                .andExpect(jsonPath("$.result", hasSize(50)));
        mvc.perform(get(BASE + "crm.requisite.list").param("filter[ENTITY_ID]", companyId).param("start", "50"))
                .andExpect(jsonPath("$.total").value(60))
                .andExpect(jsonPath("$.next").doesNotExist())
                .andExpect(jsonPath("$.result", hasSize(10)))
                .andExpect(jsonPath("$.result[9].NAME").value("Реквизит 59"));
        mvc.perform(get(BASE + "crm.requisite.list").param("start", "-1"))
                .andExpect(jsonPath("$.total").value(0))
                .andExpect(jsonPath("$.result", hasSize(50)));
    }

    @Test
    void addsAddressesOverRestAndListsThemByRequisiteAndType() throws Exception {
        String companyId = store.createCompany("ООО Насосы", List.of(), List.of());
        String requisiteId = store.addRequisite(OWNER_COMPANY, companyId, "ООО Насосы", "1655000000");

        mvc.perform(post(BASE + "crm.address.add").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"fields\":{\"TYPE_ID\":1,\"ENTITY_TYPE_ID\":8,\"ENTITY_ID\":" + requisiteId
                                + ",\"ADDRESS_1\":\"ул. Ленина, 1\",\"CITY\":\"Казань\",\"POSTAL_CODE\":\"420000\"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.result").value(true));
        mvc.perform(post(BASE + "crm.address.add").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("fields[TYPE_ID]", "6").param("fields[ENTITY_TYPE_ID]", "8")
                        .param("fields[ENTITY_ID]", requisiteId).param("fields[ADDRESS_1]", "ул. Баумана, 5")
                        .param("fields[CITY]", "Казань").param("fields[REGION]", "Татарстан"))
                .andExpect(jsonPath("$.result").value(true));

        mvc.perform(post(BASE + "crm.address.list").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"filter\":{\"ENTITY_TYPE_ID\":8,\"ENTITY_ID\":" + requisiteId + "}}"))
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.result", hasSize(2)));
        mvc.perform(get(BASE + "crm.address.list").param("filter[ENTITY_TYPE_ID]", "8")
                        .param("filter[ENTITY_ID]", requisiteId).param("filter[TYPE_ID]", "1"))
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.result[0].TYPE_ID").value("1"))
                .andExpect(jsonPath("$.result[0].ENTITY_TYPE_ID").value("8"))
                .andExpect(jsonPath("$.result[0].ENTITY_ID").value(requisiteId))
                .andExpect(jsonPath("$.result[0].ADDRESS_1").value("ул. Ленина, 1"))
                .andExpect(jsonPath("$.result[0].ADDRESS_2").value(nullValue()))
                .andExpect(jsonPath("$.result[0].CITY").value("Казань"))
                .andExpect(jsonPath("$.result[0].POSTAL_CODE").value("420000"))
                .andExpect(jsonPath("$.result[0].REGION").value(nullValue()))
                .andExpect(jsonPath("$.result[0].PROVINCE").value(nullValue()))
                .andExpect(jsonPath("$.result[0].COUNTRY").value(nullValue()))
                .andExpect(jsonPath("$.result[0].COUNTRY_CODE").value(nullValue()))
                .andExpect(jsonPath("$.result[0].LOC_ADDR_ID").value("1"))
                .andExpect(jsonPath("$.result[0].ANCHOR_TYPE_ID").value("4"))
                .andExpect(jsonPath("$.result[0].ANCHOR_ID").value(companyId));
        mvc.perform(get(BASE + "crm.address.list").param("filter[TYPE_ID]", "6").param("select[]", "CITY"))
                .andExpect(jsonPath("$.result[0].CITY").value("Казань"))
                .andExpect(jsonPath("$.result[0].ADDRESS_1").doesNotExist());
    }

    @Test
    void refusesAddressesWithoutARequisiteOrOfATakenType() throws Exception {
        String contactId = store.createContact("Ирина", null, List.of(), List.of());
        String requisiteId = store.addRequisite(OWNER_CONTACT, contactId, null, null);
        store.addAddress(requisiteId, ADDRESS_ACTUAL, "ул. Ленина, 1", "Казань", null, null);

        mvc.perform(post(BASE + "crm.address.add").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"fields\":{\"TYPE_ID\":1,\"ENTITY_TYPE_ID\":8,\"ENTITY_ID\":" + requisiteId
                                + ",\"ADDRESS_1\":\"другой\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error_description")
                        .value("Address of type 1 already exists for requisite " + requisiteId));
        mvc.perform(post(BASE + "crm.address.add").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"fields\":{\"TYPE_ID\":1,\"ENTITY_TYPE_ID\":8,\"ENTITY_ID\":9077,\"CITY\":\"x\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error_description").value("Requisite with ID 9077 is not found"));
        mvc.perform(post(BASE + "crm.address.add").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"fields\":{\"TYPE_ID\":1,\"ENTITY_TYPE_ID\":3,\"ENTITY_ID\":" + contactId + "}}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post(BASE + "crm.address.add").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"fields\":{\"TYPE_ID\":2,\"ENTITY_TYPE_ID\":8,\"ENTITY_ID\":" + requisiteId + "}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error_description").value(org.hamcrest.Matchers.startsWith("TYPE_ID")));
        assertThat(store.addresses()).extracting(a -> a.get("ADDRESS_1")).containsExactly("ул. Ленина, 1");
    }

    @Test
    void anEmptyEntityIdFilterListsNothingInsteadOfFailing() throws Exception {
        String contactId = store.createContact("Ирина", null, List.of(), List.of());
        store.addActualAddress(OWNER_CONTACT, contactId, "ул. Ленина, 1", "Казань");

        mvc.perform(get(BASE + "crm.address.list").param("filter[ENTITY_TYPE_ID]", "8").param("filter[ENTITY_ID]", ""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.result", hasSize(0)))
                .andExpect(jsonPath("$.total").value(0));
        mvc.perform(post(BASE + "crm.requisite.list").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"filter\":{\"ENTITY_TYPE_ID\":3,\"ENTITY_ID\":null}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.result", hasSize(0)));
        mvc.perform(get(BASE + "crm.address.list"))
                .andExpect(jsonPath("$.total").value(1));
    }

    @Test
    void listsAddressesInPagesOfFifty() throws Exception {
        String companyId = store.createCompany("ООО Сеть", List.of(), List.of());
        for (int i = 0; i < 55; i++) {
            String requisiteId = store.addRequisite(OWNER_COMPANY, companyId, "Филиал " + i, null);
            store.addAddress(requisiteId, ADDRESS_DELIVERY, "Склад " + i, "Казань", null, null);
        }

        mvc.perform(get(BASE + "crm.address.list").param("filter[TYPE_ID]", "11"))
                .andExpect(jsonPath("$.total").value(55))
                .andExpect(jsonPath("$.next").value(50))
                .andExpect(jsonPath("$.result", hasSize(50)));
        mvc.perform(get(BASE + "crm.address.list").param("filter[TYPE_ID]", "11").param("start", "50"))
                .andExpect(jsonPath("$.result", hasSize(5)))
                .andExpect(jsonPath("$.result[4].ADDRESS_1").value("Склад 54"));
    }

    @Test
    void actualAddressReusesTheFirstRequisiteAndResetClearsEverything() {
        String contactId = store.createContact("Ирина", "Петрова", List.of(), List.of());

        String first = store.addActualAddress(OWNER_CONTACT, contactId, "ул. Ленина, 1", "Казань");
        store.addAddress(first, ADDRESS_LEGAL, "ул. Баумана, 5", "Казань", "420111", "Россия");
        String second = store.addActualAddress(OWNER_CONTACT, contactId, "ул. Пушкина, 10", "Казань");

        assertThat(second).isEqualTo(first);
        assertThat(store.requisites()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("ENTITY_TYPE_ID", "3").containsEntry("ENTITY_ID", contactId)
                .containsEntry("PRESET_ID", "3").containsEntry("NAME", "Физ. лицо").containsEntry("RQ_INN", null));
        assertThat(store.addresses()).extracting(a -> a.get("TYPE_ID"), a -> a.get("ADDRESS_1"))
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("1", "ул. Пушкина, 10"),
                        org.assertj.core.groups.Tuple.tuple("6", "ул. Баумана, 5"));
        assertThatThrownBy(() -> store.addActualAddress(OWNER_CONTACT, "1077", "x", "y"))
                .isInstanceOf(Bitrix24RestError.class);

        store.reset();
        assertThat(store.requisites()).isEmpty();
        assertThat(store.addresses()).isEmpty();
        String contactAgain = store.createContact("Ирина", null, List.of(), List.of());
        assertThat(store.addActualAddress(OWNER_CONTACT, contactAgain, "ул. Ленина, 1", "Казань")).isEqualTo("9001");
        assertThat(store.addresses()).singleElement().satisfies(a -> assertThat(a).containsEntry("LOC_ADDR_ID", "1"));
    }
}
