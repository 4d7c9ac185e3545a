package io.dealflow.sandbox.hubex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

class HubexEsControllerTest {

    private static final String ES = "/sandbox/hubex/fsm/ES";

    private final HubexSimulatorFixture fx = new HubexSimulatorFixture();

    private ResultActions postJson(String path, String body) throws Exception {
        return fx.mvc.perform(fx.authorized(post(ES + path)).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    // ---- locations ----

    @Test
    void searchesLocationsByAddressIgnoringCase() throws Exception {
        JsonNode all = fx.body(fx.mvc.perform(fx.authorized(get(ES + "/Locations")))
                .andExpect(status().isOk()).andReturn());
        assertThat(all.fieldNames()).toIterable().containsExactly("5957", "5958");
        JsonNode kazan = all.get("5957");
        assertThat(kazan.get("id").asInt()).isEqualTo(5957);
        assertThat(kazan.get("address").asText()).isEqualTo("ул. Баумана, 58, Казань, Россия");
        assertThat(kazan.get("coordinate").asText()).matches("-?\\d+\\.\\d+:-?\\d+\\.\\d+");
        assertThat(kazan.get("description").asText()).isEqualTo("Офис ООО Ромашка");
        assertThat(kazan.has("deleted")).isFalse();

        fx.mvc.perform(fx.authorized(get(ES + "/Locations")).param("searchText", "КИРОЧНАЯ"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.*", hasSize(1)))
                .andExpect(jsonPath("$['5958'].coordinate").value("59.939824:30.391287"));
        fx.mvc.perform(fx.authorized(get(ES + "/Locations")).param("searchText", "Новосибирск"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.*", hasSize(0)));
        fx.mvc.perform(fx.authorized(get(ES + "/Locations")).param("searchText", ""))
                .andExpect(jsonPath("$.*", hasSize(2)));
    }

    @Test
    void createsLocationsAndReadsOneBack() throws Exception {
        postJson("/Locations", """
                [{"address": "  Кремлёвская улица, 18, Казань, Россия ", "coordinate": "55.792:49.122",
                  "countryTwoSymbolCode": "RU", "description": "Корпус 2"},
                 {"address": "Невский проспект, 1, Санкт-Петербург, Россия"}]
                """)
                .andExpect(status().isCreated())
                .andExpect(content().json("[5959, 5960]", true));

        fx.mvc.perform(fx.authorized(get(ES + "/Locations/5959")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(5959))
                .andExpect(jsonPath("$.address").value("Кремлёвская улица, 18, Казань, Россия"))
                .andExpect(jsonPath("$.coordinate").value("55.792:49.122"))
                .andExpect(jsonPath("$.description").value("Корпус 2"));
        fx.mvc.perform(fx.authorized(get(ES + "/Locations/5960")))
                .andExpect(jsonPath("$.coordinate").doesNotExist());
        assertThat(fx.store.findLocations("кремл")).extracting(HubexLocation::id).containsExactly(5959);
        fx.mvc.perform(fx.authorized(get(ES + "/Locations/1")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$[0].code").value("NoDataFound"));
        fx.mvc.perform(fx.authorized(get(ES + "/Locations/abc"))).andExpect(status().isNotFound());
    }

    @Test
    void refusesAPossibleDuplicateUnlessTold() throws Exception {
        postJson("/Locations", "[{\"address\": \"кирочная улица, 70, санкт-петербург, россия \"}]")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$[0].code").value("PossibleDuplication"))
                .andExpect(jsonPath("$[0].arguments.locationID").value("5958"))
                .andExpect(jsonPath("$[0].traceIdentifier").isString());
        postJson("/Locations", "[{\"address\": \"Новая, 1\"}, {\"address\": \"НОВАЯ, 1\"}]")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$[0].code").value("PossibleDuplication"));
        assertThat(fx.store.locations()).hasSize(2);

        postJson("/Locations", """
                [{"address": "Кирочная улица, 70, Санкт-Петербург, Россия", "isIgnorePossibleDuplication": true}]
                """)
                .andExpect(status().isCreated())
                .andExpect(content().json("[5959]"));
        assertThat(fx.store.locations()).hasSize(3);
    }

    @Test
    void refusesLocationsWithoutAnAddress() throws Exception {
        postJson("/Locations", "[{\"address\": \"Улица, 1\"}, {\"coordinate\": \"1:2\"}]")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].code").value("InvalidData"))
                .andExpect(jsonPath("$[0].arguments.parameter").value("address"));
        postJson("/Locations", "[{\"address\": \"   \"}]").andExpect(status().isBadRequest());
        postJson("/Locations", "{\"address\": \"Улица, 1\"}").andExpect(status().isBadRequest());
        postJson("/Locations", "[]").andExpect(status().isBadRequest());
        postJson("/Locations", "[{\"address\": \"Улица, 1\", \"isIgnorePossibleDuplication\": \"yes\"}]")
                .andExpect(status().isBadRequest());
        assertThat(fx.store.locations()).hasSize(2);
    }

    // ---- companies ----

    @Test
    void searchesCompaniesByNameOrTin() throws Exception {
        JsonNode all = fx.body(fx.mvc.perform(fx.authorized(get(ES + "/Companies")))
                .andExpect(status().isOk()).andReturn());
        assertThat(all.fieldNames()).toIterable().containsExactly("19");
        JsonNode romashka = all.get("19");
        assertThat(romashka.get("id").asInt()).isEqualTo(19);
        assertThat(romashka.get("name").asText()).isEqualTo("ООО Ромашка");
        assertThat(romashka.get("tin").asText()).isEqualTo("1655000000");
        assertThat(romashka.get("isEmployer").asBoolean()).isTrue();
        assertThat(romashka.has("erpID")).isFalse();
        assertThat(romashka.has("deleted")).isFalse();
        assertThat(romashka.has("phone")).isFalse();

        fx.mvc.perform(fx.authorized(get(ES + "/Companies")).param("searchText", "ромаш"))
                .andExpect(jsonPath("$['19'].registrationTypeID").value(3))
                .andExpect(jsonPath("$['19'].registrationTypeNameRu").value("Юридическое лицо"));
        fx.mvc.perform(fx.authorized(get(ES + "/Companies")).param("searchText", "16550"))
                .andExpect(jsonPath("$.*", hasSize(1)));
        fx.mvc.perform(fx.authorized(get(ES + "/Companies")).param("searchText", "Лютик"))
                .andExpect(jsonPath("$.*", hasSize(0)));
        fx.mvc.perform(fx.authorized(get(ES + "/Companies/19")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.phone").value("+78432000000"))
                .andExpect(jsonPath("$.email").value("info@romashka.example"));
        fx.mvc.perform(fx.authorized(get(ES + "/Companies/20")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$[0].code").value("NoDataFound"));
    }

    @Test
    void createsCompaniesAsTheWikiExampleDoes() throws Exception {
        postJson("/Companies", """
                [{"name": "ПАО Ретроспектива", "isEmployer": true, "registrationTypeID": 3},
                 {"name": "Иванов Иван", "registrationTypeID": 1, "tin": "165500000001", "phone": "+79990000000",
                  "email": "ivanov@example.com", "erpID": "b24-company-7"}]
                """)
                .andExpect(status().isCreated())
                .andExpect(content().json("[20, 21]", true));

        fx.mvc.perform(fx.authorized(get(ES + "/Companies")).param("searchText", "ретро"))
                .andExpect(jsonPath("$['20'].isEmployer").value(true));
        fx.mvc.perform(fx.authorized(get(ES + "/Companies/21")))
                .andExpect(jsonPath("$.isEmployer").value(false))
                .andExpect(jsonPath("$.erpID").value("b24-company-7"))
                .andExpect(jsonPath("$.registrationTypeNameRu").value("Физическое лицо"))
                .andExpect(jsonPath("$.email").value("ivanov@example.com"));
        fx.mvc.perform(fx.authorized(head(ES + "/Companies")))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Range", "items=0-0/3"));
        fx.mvc.perform(fx.authorized(get(ES + "/Companies")).header("Range", "items=2-3"))
                .andExpect(status().isPartialContent())
                .andExpect(header().string("Content-Range", "items=2-3/3"))
                .andExpect(jsonPath("$['20']").exists())
                .andExpect(jsonPath("$['21']").exists());
    }

    @Test
    void refusesCompaniesWithoutNameOrRegistrationType() throws Exception {
        postJson("/Companies", "[{\"registrationTypeID\": 3}]")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].arguments.parameter").value("name"));
        postJson("/Companies", "[{\"name\": \"ООО Лютик\"}]")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].arguments.parameter").value("registrationTypeID"));
        postJson("/Companies", "[{\"name\": \"ООО Лютик\", \"registrationTypeID\": 2}]")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].code").value("InvalidData"));
        postJson("/Companies", "[{\"name\": \"ООО Лютик\", \"registrationTypeID\": 3}, {\"name\": \"\"}]")
                .andExpect(status().isBadRequest());
        assertThat(fx.store.companies()).hasSize(1);
    }

    @Test
    void listsRegistrationTypes() throws Exception {
        fx.mvc.perform(fx.authorized(get(ES + "/CompanyRegistrationTypes")))
                .andExpect(status().isOk())
                .andExpect(content().json("""
                        {"1": {"nameRu": "Физическое лицо"}, "3": {"nameRu": "Юридическое лицо"}}
                        """, true));
    }

    // ---- assets ----

    @Test
    void searchesAssetsByNameWithTheirCompanyAndLocation() throws Exception {
        JsonNode all = fx.body(fx.mvc.perform(fx.authorized(get(ES + "/Assets")))
                .andExpect(status().isOk()).andReturn());
        assertThat(all.fieldNames()).toIterable().containsExactly("1020", "1021");
        JsonNode conditioner = all.get("1020");
        assertThat(conditioner.get("id").asInt()).isEqualTo(1020);
        assertThat(conditioner.get("name").asText()).isEqualTo("Кондиционер Daikin FTXB35C");
        assertThat(conditioner.get("company").get("id").asInt()).isEqualTo(19);
        assertThat(conditioner.get("company").get("name").asText()).isEqualTo("ООО Ромашка");
        assertThat(conditioner.get("location").get("id").asInt()).isEqualTo(5957);
        assertThat(conditioner.get("location").get("address").asText()).contains("Казань");
        assertThat(conditioner.get("erpID").asText()).isEqualTo("INV-1020");

        fx.mvc.perform(fx.authorized(get(ES + "/Assets")).param("searchText", "котёл"))
                .andExpect(jsonPath("$.*", hasSize(1)))
                .andExpect(jsonPath("$['1021'].location.id").value(5958));
        fx.mvc.perform(fx.authorized(get(ES + "/Assets/1021")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("Котёл Baxi ECO-4s"));
        fx.mvc.perform(fx.authorized(get(ES + "/Assets/1")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$[0].code").value("NoDataFound"));
    }

    @Test
    void everyEsMethodNeedsTheTokenAndIsCounted() throws Exception {
        fx.mvc.perform(get(ES + "/Companies").header("X-Application-ID", "5")).andExpect(status().isUnauthorized());
        fx.mvc.perform(get(ES + "/Locations").header("Authorization", "Bearer " + fx.token()))
                .andExpect(status().isForbidden());
        fx.mvc.perform(post(ES + "/Locations").header("X-Application-ID", "5")
                        .contentType(MediaType.APPLICATION_JSON).content("[{\"address\": \"Улица, 1\"}]"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$[0].code").value("Unauthorized"));
        fx.mvc.perform(get(ES + "/Assets")).andExpect(status().isUnauthorized());
        fx.mvc.perform(get(ES + "/CompanyRegistrationTypes")).andExpect(status().isUnauthorized());

        assertThat(fx.store.locations()).hasSize(2);
        assertThat(fx.store.requestCount("GET /fsm/ES/Companies")).isEqualTo(1);
        assertThat(fx.store.requestCount("POST /fsm/ES/Locations")).isEqualTo(1);
        fx.mvc.perform(fx.authorized(get(ES + "/Companies/19")));
        assertThat(fx.store.requestCount("GET /fsm/ES/Companies/{companyId}")).isEqualTo(1);
    }
}
