package io.dealflow.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dealflow.bitrix24.Deal;
import io.dealflow.bitrix24.DealParties;
import org.junit.jupiter.api.Test;

/** The HubEx task drafted from a deal, its contact and its company. */
class DealToTaskMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MappingProperties properties = new MappingProperties();
    private final Map<String, Integer> criticalityTable = new java.util.HashMap<>();
    private TaskClassification.TaskKind kind = new TaskClassification.TaskKind(null, null);
    private final DealToTaskMapper mapper = new DealToTaskMapper(properties, new TaskClassification() {
        @Override
        public TaskKind kindOf(int categoryId, String stageId) {
            return kind;
        }

        @Override
        public Optional<Integer> criticalityOf(String dealValue) {
            return Optional.ofNullable(criticalityTable.get(dealValue));
        }
    });

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Deal deal(String comments) {
        ObjectNode fields = (ObjectNode) json("""
                {"ID": "4711", "TITLE": "Замена насоса", "CONTACT_ID": "214", "COMPANY_ID": "88"}""");
        return new Deal(fields.put("COMMENTS", comments));
    }

    private static final JsonNode CONTACT = json("""
            {"ID": "214", "NAME": "Ирина", "SECOND_NAME": "Сергеевна", "LAST_NAME": "Петрова",
             "PHONE": [{"ID": "1", "VALUE_TYPE": "MOBILE", "VALUE": "+79001234567", "TYPE_ID": "PHONE"},
                       {"ID": "2", "VALUE_TYPE": "WORK", "VALUE": "+78430000000", "TYPE_ID": "PHONE"}],
             "EMAIL": [{"ID": "3", "VALUE_TYPE": "WORK", "VALUE": "i.petrova@example.ru", "TYPE_ID": "EMAIL"},
                       {"ID": "4", "VALUE_TYPE": "HOME", "VALUE": "irina@example.ru", "TYPE_ID": "EMAIL"}]}""");

    private static final JsonNode COMPANY = json("""
            {"ID": "88", "TITLE": "ООО «Ромашка»",
             "PHONE": [{"ID": "7", "VALUE_TYPE": "WORK", "VALUE": "+78435550000", "TYPE_ID": "PHONE"}],
             "EMAIL": [{"ID": "8", "VALUE_TYPE": "WORK", "VALUE": "office@romashka.ru", "TYPE_ID": "EMAIL"}]}""");

    @Test
    void contactPersonIsLastNameThenNameThenSecondName() {
        TaskDraft draft = mapper.map(new DealParties(deal(""), Optional.of(CONTACT), Optional.of(COMPANY)));

        assertThat(draft.contactPerson()).isEqualTo("Петрова Ирина Сергеевна");
    }

    @Test
    void contactPersonSkipsMissingNameParts() {
        JsonNode onlyNames = json("""
                {"NAME": "Ирина", "LAST_NAME": "Петрова", "SECOND_NAME": null}""");
        TaskDraft draft = mapper.map(new DealParties(deal(""), Optional.of(onlyNames), Optional.empty()));

        assertThat(draft.contactPerson()).isEqualTo("Петрова Ирина");
    }

    @Test
    void takesTheFirstPhoneAndEmailOfTheContact() {
        TaskDraft draft = mapper.map(new DealParties(deal(""), Optional.of(CONTACT), Optional.of(COMPANY)));

        assertThat(draft.contactPhone()).isEqualTo("+79001234567");
        assertThat(draft.contactEmail()).isEqualTo("i.petrova@example.ru");
    }

    @Test
    void fallsBackToTheCompanyWithoutAContact() {
        TaskDraft draft = mapper.map(new DealParties(deal(""), Optional.empty(), Optional.of(COMPANY)));

        assertThat(draft.contactPerson()).isEqualTo("ООО «Ромашка»");
        assertThat(draft.contactPhone()).isEqualTo("+78435550000");
        assertThat(draft.contactEmail()).isEqualTo("office@romashka.ru");
    }

    @Test
    void leavesContactFieldsEmptyWithoutContactAndCompany() {
        TaskDraft draft = mapper.map(new DealParties(deal(""), Optional.empty(), Optional.empty()));

        assertThat(draft.contactPerson()).isEmpty();
        assertThat(draft.contactPhone()).isEmpty();
        assertThat(draft.contactEmail()).isEmpty();
        assertThat(draft.toRequest(10, 4)).doesNotContainKeys("contactPerson", "contactPhone", "contactEmail");
    }

    @Test
    void erpIdIsTheDealId() {
        TaskDraft draft = mapper.map(new DealParties(deal(""), Optional.empty(), Optional.empty()));

        assertThat(draft.erpId()).isEqualTo("4711");
        assertThat(draft.toRequest(10, 4)).containsEntry("erpID", "4711");
    }

    @Test
    void notesCarryTheTitleAndThePlainComment() {
        TaskDraft draft = mapper.map(new DealParties(deal("[b]Клиент[/b] просит [i]утро[/i]"),
                Optional.empty(), Optional.empty()));

        assertThat(draft.notes()).isEqualTo("Сделка #4711: Замена насоса\n\nКлиент просит утро");
        assertThat(draft.notesHtml()).isEqualTo("<p><strong>Сделка #4711: Замена насоса</strong></p>"
                + "<p><strong>Клиент</strong> просит <em>утро</em></p>");
    }

    @Test
    void notesAreOnlyTheTitleWithoutAComment() {
        TaskDraft draft = mapper.map(new DealParties(deal("  "), Optional.empty(), Optional.empty()));

        assertThat(draft.notes()).isEqualTo("Сделка #4711: Замена насоса");
        assertThat(draft.notesHtml()).isEqualTo("<p><strong>Сделка #4711: Замена насоса</strong></p>");
    }

    @Test
    void notesHtmlEscapesTitleAndComment() {
        JsonNode fields = json("""
                {"ID": "5", "TITLE": "<b onmouseover=x>Сделка</b>", "COMMENTS": "<script>alert(1)</script>"}""");
        TaskDraft draft = mapper.map(new DealParties(new Deal(fields), Optional.empty(), Optional.empty()));

        assertThat(draft.notesHtml()).doesNotContain("<script", "<b onmouseover")
                .contains("&lt;b onmouseover=x&gt;Сделка&lt;/b&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void requestCarriesAllFilledFields() {
        TaskDraft draft = mapper.map(new DealParties(deal("Комментарий"), Optional.of(CONTACT), Optional.empty()));

        Map<String, Object> request = draft.toRequest(10, 4);

        assertThat(request).containsEntry("taskTypeID", 10).containsEntry("requestMethodID", 4)
                .containsEntry("erpID", "4711").containsEntry("notes", draft.notes())
                .containsEntry("notesHtml", draft.notesHtml())
                .containsEntry("contactPerson", "Петрова Ирина Сергеевна")
                .containsEntry("contactPhone", "+79001234567").containsEntry("contactEmail", "i.petrova@example.ru");
    }

    @Test
    void requestOmitsEmptyFieldsAndTaskTypeWhenNull() {
        TaskDraft draft = TaskDraft.basic("4711", "Сделка", "", " ", null, "a@b.ru");

        Map<String, Object> request = draft.toRequest(null, 4);

        assertThat(request).containsOnlyKeys("requestMethodID", "erpID", "notes", "contactEmail")
                .containsEntry("requestMethodID", 4);
    }

    private static DealParties dealWith(String field, String value) {
        return new DealParties(new Deal(((ObjectNode) deal("").fields()).put(field, value)), Optional.of(CONTACT),
                Optional.empty());
    }

    @Test
    void readsADateDeadlineThroughUtcEvenOnAPortalWestOfGreenwich() {
        properties.setDeadlineField("CLOSEDATE");
        properties.setPortalTimeZone(java.time.ZoneId.of("America/Bogota"));
        properties.setDeadlineTime(java.time.LocalTime.of(18, 0));

        // 10 September on a UTC-5 portal: midnight UTC rendered as the evening before
        TaskDraft draft = mapper.map(dealWith("CLOSEDATE", "2026-09-09T19:00:00-05:00"));

        assertThat(draft.deadline()).isEqualTo("2026-09-10T23:00:00Z");
        assertThat(draft.toRequest(10, 4)).containsEntry("deadline", "2026-09-10T23:00:00Z");
    }

    @Test
    void readsADateDeadlineOnAPortalEastOfGreenwich() {
        properties.setDeadlineField("CLOSEDATE");

        TaskDraft draft = mapper.map(dealWith("CLOSEDATE", "2026-09-10T03:00:00+03:00"));

        assertThat(draft.deadline()).as("18:00 Moscow time on 10 September").isEqualTo("2026-09-10T15:00:00Z");
    }

    @Test
    void keepsTheMomentOfADatetimeDeadline() {
        properties.setDeadlineField("UF_CRM_VISIT_AT");

        TaskDraft draft = mapper.map(dealWith("UF_CRM_VISIT_AT", "2026-09-10T09:30:00-05:00"));

        assertThat(draft.deadline()).isEqualTo("2026-09-10T14:30:00Z");
    }

    @Test
    void namesADeadlineThatIsNotADateAsAProblem() {
        properties.setDeadlineField("UF_CRM_VISIT_AT");

        DealParties parties = dealWith("UF_CRM_VISIT_AT", "завтра");

        assertThat(mapper.map(parties).deadline()).isNull();
        assertThat(mapper.problems(parties)).singleElement().asString().contains("UF_CRM_VISIT_AT", "завтра");
    }

    @Test
    void sendsAllPhonesAndEmailsWhenConfigured() {
        properties.setContactPhones(MappingProperties.ContactValues.ALL);
        properties.setContactEmails(MappingProperties.ContactValues.ALL);

        TaskDraft draft = mapper.map(new DealParties(deal(""), Optional.of(CONTACT), Optional.of(COMPANY)));

        assertThat(draft.contactPhone()).isEqualTo("+79001234567, +78430000000, +78435550000");
        assertThat(draft.contactEmail()).isEqualTo("i.petrova@example.ru, irina@example.ru, office@romashka.ru");
    }

    @Test
    void fillsTheNotesTemplateWithDealFields() {
        properties.setNotesTemplate("{TITLE} (сделка {ID}), адрес: {UF_CRM_ADDRESS}\n\n{COMMENTS}");
        ObjectNode fields = (ObjectNode) deal("[i]срочно[/i] <b>").fields();
        fields.put("UF_CRM_ADDRESS", "ул. Ленина, 1 & 2");

        TaskDraft draft = mapper.map(new DealParties(new Deal(fields), Optional.empty(), Optional.empty()));

        assertThat(draft.notes()).isEqualTo("Замена насоса (сделка 4711), адрес: ул. Ленина, 1 & 2\n\nсрочно <b>");
        assertThat(draft.notesHtml()).isEqualTo(
                "<p>Замена насоса (сделка 4711), адрес: ул. Ленина, 1 &amp; 2</p><p><em>срочно</em> &lt;b&gt;</p>");
    }

    @Test
    void takesTaskTypeAndWorkTypeFromTheClassificationTable() {
        kind = new TaskClassification.TaskKind(11, 205);

        TaskDraft draft = mapper.map(new DealParties(deal(""), Optional.empty(), Optional.empty()));

        assertThat(draft.toRequest(10, 4)).containsEntry("taskTypeID", 11).containsEntry("workTypeID", 205);
    }

    @Test
    void looksCriticalityUpAndNamesAnUnknownOption() {
        properties.setCriticalityField("UF_CRM_CRITICALITY");
        criticalityTable.put("57", 1);

        assertThat(mapper.map(dealWith("UF_CRM_CRITICALITY", "57")).criticalityId()).isEqualTo(1);
        assertThat(mapper.problems(dealWith("UF_CRM_CRITICALITY", "57"))).isEmpty();
        assertThat(mapper.problems(dealWith("UF_CRM_CRITICALITY", "99"))).singleElement().asString()
                .contains("99", "UF_CRM_CRITICALITY");
    }

    @Test
    void takesTheEstimatedCostFromAMoneyOrNumberField() {
        properties.setEstimatedCostField("OPPORTUNITY");

        assertThat(mapper.map(dealWith("OPPORTUNITY", "12500.00")).estimatedCost()).isEqualByComparingTo("12500");
        properties.setEstimatedCostField("UF_CRM_BUDGET");
        assertThat(mapper.map(dealWith("UF_CRM_BUDGET", "800|RUB")).estimatedCost()).isEqualByComparingTo("800");
        assertThat(mapper.map(dealWith("UF_CRM_BUDGET", "0.00")).estimatedCost()).isNull();
        assertThat(mapper.problems(dealWith("UF_CRM_BUDGET", "0.00"))).as("zero is no amount, not an error").isEmpty();
        assertThat(mapper.problems(dealWith("UF_CRM_BUDGET", "много"))).singleElement().asString()
                .contains("UF_CRM_BUDGET", "много");
    }

    @Test
    void carriesTheCompanyOnlyWhenThePolicyUsesIt() {
        DealParties parties = new DealParties(deal(""), Optional.of(CONTACT), Optional.of(COMPANY));
        assertThat(mapper.map(parties).customer()).as("leave-empty is the default").isNull();

        properties.setCompanyPolicy(MappingProperties.CompanyPolicy.CREATE);

        assertThat(mapper.map(parties).customer()).isEqualTo(
                new TaskDraft.Customer(88, "ООО «Ромашка»", "+78435550000", "office@romashka.ru"));
    }

    @Test
    void takesPlaceAssetAndCustomFieldsFromTheConfiguredDealFields() {
        properties.setAddressField("UF_CRM_OBJECT_ADDRESS");
        properties.setAssetField("UF_CRM_ASSET");
        properties.setAttributes(Map.of(15, "UF_CRM_CONTRACT", 16, "UF_CRM_EMPTY"));
        ObjectNode fields = (ObjectNode) deal("").fields();
        fields.put("UF_CRM_OBJECT_ADDRESS", "ул. Ленина, 1, Казань|55.79;49.12|3301");
        fields.put("UF_CRM_ASSET", "1020");
        fields.put("UF_CRM_CONTRACT", "Д-17/2026");

        TaskDraft draft = mapper.map(new DealParties(new Deal(fields), Optional.empty(), Optional.empty()));

        assertThat(draft.place()).isEqualTo(new TaskDraft.Place("b24:3301", "ул. Ленина, 1, Казань", "55.79:49.12"));
        assertThat(draft.assetId()).isEqualTo(1020);
        assertThat(draft.attributes()).containsExactly(Map.entry(15, "Д-17/2026"));
        assertThat(draft.toRequest(10, 4, 19L, 77L)).containsEntry("assetID", 1020).containsEntry("companyID", 19L)
                .containsEntry("locationID", 77L);
    }

    @Test
    void fallsBackToTheDefaultAssetAndNamesAnAssetThatIsNotAnId() {
        properties.setAssetField("UF_CRM_ASSET");
        properties.setDefaultAssetId(1017);

        assertThat(mapper.map(dealWith("UF_CRM_ASSET", "")).assetId()).isEqualTo(1017);
        assertThat(mapper.problems(dealWith("UF_CRM_ASSET", "кондиционер"))).singleElement().asString()
                .contains("UF_CRM_ASSET", "кондиционер");
    }

    @Test
    void withoutADealAddressTakesTheActualAddressOfARequisiteWhenAllowed() {
        properties.setAddressField("UF_CRM_OBJECT_ADDRESS");
        java.util.List<JsonNode> addresses = java.util.List.of(
                json("{\"TYPE_ID\": \"6\", \"ADDRESS_1\": \"Юридический, 1\", \"CITY\": \"Москва\"}"),
                json("{\"TYPE_ID\": \"1\", \"ADDRESS_1\": \"Фактический, 2\", \"CITY\": \"Казань\"}"));
        DealParties parties = new DealParties(deal(""), Optional.of(CONTACT), Optional.empty(), addresses);

        assertThat(mapper.map(parties).place()).as("off by default").isNull();
        assertThat(mapper.needsRequisiteAddresses()).isFalse();

        properties.setRequisiteAddressFallback(true);

        assertThat(mapper.needsRequisiteAddresses()).isTrue();
        assertThat(mapper.map(parties).place().address()).isEqualTo("Фактический, 2, Казань");
        assertThat(mapper.map(dealWith("UF_CRM_OBJECT_ADDRESS", "Сделочный, 3")).place().address())
                .as("the deal's own address wins").isEqualTo("Сделочный, 3");
    }

    @Test
    void fillsOtherTaskFieldsFromDealFieldsInTheTypeHubexExpects() {
        // keys from environment variables arrive in lower case
        properties.setTaskFields(Map.of("requestedStartDateTime", "UF_CRM_VISIT_FROM",
                "contractid", "UF_CRM_CONTRACT_ID", "estimatedTimeConsumptionMinutes", "UF_CRM_MINUTES"));
        ObjectNode fields = (ObjectNode) deal("").fields();
        fields.put("UF_CRM_VISIT_FROM", "2026-09-10T09:30:00+03:00");
        fields.put("UF_CRM_CONTRACT_ID", "42");
        fields.put("UF_CRM_MINUTES", "полчаса");
        DealParties parties = new DealParties(new Deal(fields), Optional.empty(), Optional.empty());
        DealToTaskMapper configured = new DealToTaskMapper(properties, new DmnFreeClassification());

        Map<String, Object> request = configured.map(parties).toRequest(10, 4);

        assertThat(request).containsEntry("requestedStartDateTime", "2026-09-10T06:30:00Z")
                .containsEntry("contractID", 42L).doesNotContainKey("estimatedTimeConsumptionMinutes");
        assertThat(configured.problems(parties)).singleElement().asString()
                .contains("UF_CRM_MINUTES", "estimatedTimeConsumptionMinutes", "полчаса");
    }

    @Test
    void refusesToStartWithATaskFieldHubexDoesNotHaveOrThatHasItsOwnSetting() {
        properties.setTaskFields(Map.of("deadline", "CLOSEDATE"));

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new DealToTaskMapper(properties, new DmnFreeClassification()))
                .hasMessageContaining("dealflow.mapping.task-fields.deadline").hasMessageContaining("contractID");
    }

    private static final class DmnFreeClassification implements TaskClassification {
        @Override
        public TaskKind kindOf(int categoryId, String stageId) {
            return new TaskKind(null, null);
        }

        @Override
        public Optional<Integer> criticalityOf(String dealValue) {
            return Optional.empty();
        }
    }
}
