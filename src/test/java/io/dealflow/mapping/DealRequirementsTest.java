package io.dealflow.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.bitrix24.Deal;
import io.dealflow.bitrix24.DealParties;
import org.junit.jupiter.api.Test;

/** What a deal must carry before its HubEx task is created, and how the missing data is named. */
class DealRequirementsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequirementsProperties properties = new RequirementsProperties();
    private final DealRequirements requirements = new DealRequirements(properties);

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final Deal DEAL = new Deal(json("""
            {"ID": "4711", "TITLE": "Замена насоса", "CONTACT_ID": "214", "COMPANY_ID": "0",
             "UF_CRM_ADDRESS": "Казань, ул. Баумана, 1", "UF_CRM_FLOOR": "  ", "UF_CRM_NOTE": null,
             "UF_CRM_PHOTOS": [], "UF_CRM_TAGS": ["", "срочно"], "UF_CRM_BUDGET": "|RUB",
             "UF_CRM_PRICE": "1500|RUB"}"""));
    private static final JsonNode CONTACT = json("{\"ID\": \"214\", \"NAME\": \"Ирина\"}");

    private static DealParties withContact() {
        return new DealParties(DEAL, Optional.of(CONTACT), Optional.empty());
    }

    private static TaskDraft draft(String phone, String email) {
        return TaskDraft.basic("4711", "notes", "<p>notes</p>", "Ирина", phone, email);
    }

    @Test
    void requiresNothingByDefault() {
        assertThat(properties.isRequireContactPhone()).isFalse();
        assertThat(properties.isRequireContactEmail()).isFalse();
        assertThat(properties.getRequiredDealFields()).isEmpty();

        assertThat(requirements.problems(new DealParties(DEAL, Optional.empty(), Optional.empty()), draft("", "")))
                .isEmpty();
    }

    @Test
    void namesTheMissingPhoneAndEmail() {
        properties.setRequireContactPhone(true);
        properties.setRequireContactEmail(true);

        assertThat(requirements.problems(withContact(), draft("", null))).containsExactly(
                "Нет телефона контакта (contact phone is missing)",
                "Нет e-mail контакта (contact e-mail is missing)");
        assertThat(requirements.problems(withContact(), draft("+79001234567", "i.petrova@example.ru"))).isEmpty();
    }

    @Test
    void saysWhenTheDealHasNoContactAtAll() {
        properties.setRequireContactPhone(true);

        assertThat(requirements.problems(new DealParties(DEAL, Optional.empty(), Optional.empty()), draft("", "")))
                .containsExactly("Нет телефона контакта: у сделки нет ни контакта, ни компании"
                        + " (contact phone is missing: the deal has no contact and no company)");
    }

    @Test
    void aPhoneTakenFromTheCompanyCounts() {
        properties.setRequireContactPhone(true);
        DealParties companyOnly = new DealParties(DEAL, Optional.empty(), Optional.of(json("{\"ID\": \"88\"}")));

        // the draft already holds the company's phone when the contact has none: that is what HubEx gets
        assertThat(requirements.problems(companyOnly, draft("+78435550000", ""))).isEmpty();
    }

    @Test
    void namesEveryEmptyRequiredDealField() {
        properties.setRequiredDealFields(List.of("UF_CRM_ADDRESS", " UF_CRM_FLOOR ", "UF_CRM_NOTE", "UF_CRM_MISSING",
                "UF_CRM_PHOTOS", "UF_CRM_TAGS", "UF_CRM_BUDGET", "UF_CRM_PRICE", "", "TITLE"));

        assertThat(requirements.problems(withContact(), draft("+79001234567", ""))).containsExactly(
                "Пустое поле сделки UF_CRM_FLOOR (deal field UF_CRM_FLOOR is empty)",
                "Пустое поле сделки UF_CRM_NOTE (deal field UF_CRM_NOTE is empty)",
                "Пустое поле сделки UF_CRM_MISSING (deal field UF_CRM_MISSING is empty)",
                "Пустое поле сделки UF_CRM_PHOTOS (deal field UF_CRM_PHOTOS is empty)",
                "Пустое поле сделки UF_CRM_BUDGET (deal field UF_CRM_BUDGET is empty)");
    }

    @Test
    void listsPhoneEmailAndFieldsTogetherInTheOrderOfTheSettings() {
        properties.setRequireContactPhone(true);
        properties.setRequireContactEmail(true);
        properties.setRequiredDealFields(List.of("UF_CRM_FLOOR"));

        assertThat(requirements.problems(withContact(), draft(null, null))).hasSize(3)
                .first().asString().startsWith("Нет телефона");
    }
}
