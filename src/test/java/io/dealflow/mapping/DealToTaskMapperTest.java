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

    private final DealToTaskMapper mapper = new DealToTaskMapper();

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
        TaskDraft draft = new TaskDraft("4711", "Сделка", "", " ", null, "a@b.ru");

        Map<String, Object> request = draft.toRequest(null, 4);

        assertThat(request).containsOnlyKeys("requestMethodID", "erpID", "notes", "contactEmail")
                .containsEntry("requestMethodID", 4);
    }
}
