package io.dealflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.dealflow.sandbox.hubex.HubexDirectory;
import io.dealflow.sandbox.hubex.HubexTask;
import io.dealflow.support.EndToEndTestBase;
import io.dealflow.support.Eventually;
import org.junit.jupiter.api.Test;

/**
 * Company, address and custom fields of a deal reach the HubEx task as references, found or created once and
 * reused; the technician's custom field comes back into the deal.
 */
class HubexReferencesIT extends EndToEndTestBase {

    @Test
    void aDealsCompanyAddressAndCustomFieldsBecomeReferencesThatTheNextDealReuses() {
        String first = dealAt("Первый выезд", "Сибирский тракт, 34, Казань|55.80;49.18|9101");
        bitrix24.moveDealToStage(first, "C1:UC_SERVICE");
        Eventually.await("the first deal's task", TIMEOUT, () -> tasksOf(first).size() == 1);
        int companies = hubex.companies().size();
        int locations = hubex.locations().size();

        HubexTask task = tasksOf(first).get(0);
        assertThat(task.data().companyId()).isNotNull();
        assertThat(hubex.findCompany(task.data().companyId()).orElseThrow().name()).isEqualTo("ООО «Сибирь-Сервис»");
        assertThat(task.data().locationId()).isNotNull();
        assertThat(hubex.findLocation(task.data().locationId()).orElseThrow().address())
                .isEqualTo("Сибирский тракт, 34, Казань");
        assertThat(hubex.findLocation(task.data().locationId()).orElseThrow().coordinate()).isEqualTo("55.80:49.18");
        Eventually.await("the custom field of the first task", TIMEOUT,
                () -> "Д-17/2026".equals(hubex.taskAttributes(task.id()).get(15)));

        String second = dealAt("Второй выезд", "Сибирский тракт, 34, Казань|55.80;49.18|9101");
        bitrix24.moveDealToStage(second, "C1:UC_SERVICE");
        Eventually.await("the second deal's task", TIMEOUT, () -> tasksOf(second).size() == 1);
        HubexTask secondTask = tasksOf(second).get(0);
        assertThat(secondTask.data().companyId()).isEqualTo(task.data().companyId());
        assertThat(secondTask.data().locationId()).isEqualTo(task.data().locationId());
        assertThat(hubex.companies()).as("no second company").hasSize(companies);
        assertThat(hubex.locations()).as("no second location").hasSize(locations);

        Eventually.await("the first cycle to wait", TIMEOUT, () -> waitingForTask(first));
        hubex.setTaskAttribute(task.id(), 13, "Фильтр заменён, давление в норме");
        hubex.assignTechnician(task.id(), HubexDirectory.TECHNICIAN_KULIBIN_ID);
        hubex.completeTask(task.id());
        Eventually.await("the first cycle to end", TIMEOUT, () -> cycleEnded(first));
        Map<String, Object> deal = bitrix24.getDeal(first);
        assertThat(deal.get("UF_CRM_HUBEX_TECH_NOTE")).isEqualTo("Фильтр заменён, давление в норме");
        assertThat((String) deal.get("UF_CRM_HUBEX_LINK")).endsWith("/sandbox/api/hubex/tasks/" + task.id());
    }

    @Test
    void withoutADealAddressTheContactsRequisiteAddressBecomesTheLocation() {
        String contact = bitrix24.createContact("Олег", "Смирнов", List.of("+79005556677"), List.of());
        bitrix24.addActualAddress(3, contact, "ул. Баумана, 58", "Казань");
        String dealId = bitrix24.createDeal("Выезд по адресу реквизита", "", 1, "C1:NEW", contact, null, Map.of());
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");

        Eventually.await("the deal's task", TIMEOUT, () -> tasksOf(dealId).size() == 1);
        Integer locationId = tasksOf(dealId).get(0).data().locationId();
        assertThat(locationId).isNotNull();
        assertThat(hubex.findLocation(locationId).orElseThrow().address()).isEqualTo("ул. Баумана, 58, Казань");
    }

    private String dealAt(String title, String address) {
        String company = bitrix24.createCompany("ООО «Сибирь-Сервис»", List.of("+78432223344"), List.of());
        String contact = bitrix24.createContact("Олег", "Смирнов", List.of("+79005556677"), List.of());
        return bitrix24.createDeal(title, "", 1, "C1:NEW", contact, company,
                Map.of("UF_CRM_OBJECT_ADDRESS", address, "UF_CRM_CONTRACT", "Д-17/2026"));
    }
}
