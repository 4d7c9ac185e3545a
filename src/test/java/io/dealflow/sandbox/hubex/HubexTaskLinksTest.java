package io.dealflow.sandbox.hubex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/** A task's company, location and asset: checked at creation, shown with names when read. */
class HubexTaskLinksTest {

    private final HubexSimulatorFixture fx = new HubexSimulatorFixture();

    private ResultActions createTask(String links) throws Exception {
        return fx.mvc.perform(fx.authorized(post(HubexSimulatorFixture.TASKS))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"taskTypeID\": 10, \"requestMethodID\": 4, \"erpID\": \"deal-1\"" + links + "}"));
    }

    @Test
    void showsTheLinkedCompanyLocationAndAsset() throws Exception {
        createTask(", \"companyID\": 19, \"locationID\": 5958, \"assetID\": 1020").andExpect(status().isCreated());

        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS + "/5001")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.company.id").value(19))
                .andExpect(jsonPath("$.company.name").value("ООО Ромашка"))
                .andExpect(jsonPath("$.location.id").value(5958))
                .andExpect(jsonPath("$.location.address").value("Кирочная улица, 70, Санкт-Петербург, Россия"))
                .andExpect(jsonPath("$.location.coordinate").value("59.939824:30.391287"))
                .andExpect(jsonPath("$.asset.id").value(1020))
                .andExpect(jsonPath("$.asset.name").value("Кондиционер Daikin FTXB35C"));
        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS)))
                .andExpect(jsonPath("$['5001'].company.name").value("ООО Ромашка"))
                .andExpect(jsonPath("$['5001'].asset.id").value(1020));
    }

    @Test
    void aTaskWithoutLinksHasNoSuchFields() throws Exception {
        createTask("").andExpect(status().isCreated());

        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS + "/5001")))
                .andExpect(jsonPath("$.company").doesNotExist())
                .andExpect(jsonPath("$.location").doesNotExist())
                .andExpect(jsonPath("$.asset").doesNotExist());
    }

    @Test
    void linksToACompanyAndLocationCreatedThroughTheApi() {
        int companyId = fx.store.createCompany(NewHubexCompany.customer("ООО Лютик", "7700000000")).id();
        int locationId = fx.store.createLocation(NewHubexLocation.of("Тверская, 1, Москва", "55.757:37.615")).id();

        HubexTask task = fx.store.createTask(new NewHubexTask(10, 4, null, null, "deal-2", null, null, null, null,
                null, null, companyId, locationId, null, null), null);

        assertThat(task.data().companyId()).isEqualTo(20);
        assertThat(task.data().locationId()).isEqualTo(5959);
    }

    @Test
    void refusesUnknownLinksNamingTheFieldAndCreatesNothing() throws Exception {
        createTask(", \"companyID\": 999")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].code").value("InvalidData"))
                .andExpect(jsonPath("$[0].arguments.parameter").value("companyID"));
        createTask(", \"companyID\": 19, \"locationID\": 1")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].arguments.parameter").value("locationID"));
        createTask(", \"assetID\": 7")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].arguments.parameter").value("assetID"));
        createTask(", \"companyID\": \"Ромашка\"")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].arguments.parameter").value("companyID"));

        assertThat(fx.store.listTasks()).isEmpty();
        assertThatThrownBy(() -> fx.store.createTask(new NewHubexTask(10, 4, null, null, "deal-3", null, null, null,
                null, null, null, null, null, 1, null), null))
                .isInstanceOf(HubexApiException.class)
                .hasMessageContaining("Asset 1");
        // a refused task does not spend its concurrency stamp: the same stamp works once the data is right
        String stamp = "3f1b2c9e-8d7a-4b1e-9f0a-2d6c5e4b3a10";
        assertThatThrownBy(() -> fx.store.createTask(new NewHubexTask(10, 4, null, null, "deal-3", null, null, null,
                null, null, null, 999, null, null, null), stamp)).isInstanceOf(HubexApiException.class);
        assertThat(fx.store.createTask(NewHubexTask.of(10, "deal-3", null), stamp).concurrencyStamp())
                .isEqualTo(stamp);
    }
}
