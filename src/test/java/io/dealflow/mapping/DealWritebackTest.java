package io.dealflow.mapping;

import static io.dealflow.process.ProcessConstants.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the completed cycle writes into the deal: stage, deadline, cost and comment, per configuration. */
class DealWritebackTest {

    private final ObjectMapper objectMapper = new ObjectMapper();
    private final WritebackProperties writeback = new WritebackProperties();
    private final CompletionProperties completion = new CompletionProperties();
    private final io.dealflow.bitrix24.DealGateway deals = mock(io.dealflow.bitrix24.DealGateway.class);
    private final CompletionStages stages = new CompletionStages(completion, deals);
    private final io.dealflow.hubex.HubexProperties hubex = new io.dealflow.hubex.HubexProperties();
    private final DealWriteback dealWriteback = new DealWriteback(writeback, completion, stages, hubex, objectMapper);
    private final Map<String, Object> variables = new HashMap<>();
    private final VariableScope execution = mock(VariableScope.class);

    @BeforeEach
    void variableScopeBackedByAMap() {
        when(execution.getVariable(anyString())).thenAnswer(call -> variables.get(call.<String>getArgument(0)));
        writeback.setTaskNumberField("UF_CRM_HUBEX_TASK");
        writeback.setDeadlineField("UF_CRM_HUBEX_DEADLINE");
        writeback.setCostField("UF_CRM_HUBEX_COST");
        writeback.setCommentField("UF_CRM_HUBEX_COMMENT");
        completion.setStageId("UC_DONE");
    }

    private JsonNode completionFields() throws Exception {
        return objectMapper.readTree(((String) dealWriteback.completionFields(execution)));
    }

    @Test
    void keepsAFullStageIdAsConfigured() throws Exception {
        completion.setStageId("C1:UC_DONE");
        variables.put(VAR_DEAL_CATEGORY_ID, 3);

        assertThat(completionFields().path("STAGE_ID").asText()).isEqualTo("C1:UC_DONE");
    }

    @Test
    void placesABareStageCodeIntoTheDealsPipeline() throws Exception {
        variables.put(VAR_DEAL_CATEGORY_ID, 3);
        assertThat(completionFields().path("STAGE_ID").asText()).isEqualTo("C3:UC_DONE");

        variables.put(VAR_DEAL_CATEGORY_ID, 0);
        assertThat(completionFields().path("STAGE_ID").asText()).isEqualTo("UC_DONE");
    }

    @Test
    void treatsAMissingCategoryAsTheDefaultPipeline() throws Exception {
        assertThat(completionFields().path("STAGE_ID").asText()).isEqualTo("UC_DONE");
    }

    @Test
    void writesNoStageWhenNoneIsConfigured() throws Exception {
        completion.setStageId("  ");
        variables.put(VAR_DEAL_CATEGORY_ID, 3);

        assertThat(completionFields().has("STAGE_ID")).isFalse();
    }

    @Test
    void givesTheUtcDeadlineAnOffset() throws Exception {
        variables.put(VAR_TASK_DEADLINE, "2026-09-01T15:00:00");
        assertThat(completionFields().path("UF_CRM_HUBEX_DEADLINE").asText()).isEqualTo("2026-09-01T15:00:00+00:00");

        variables.put(VAR_TASK_DEADLINE, "2026-09-01T15:00:00Z");
        assertThat(completionFields().path("UF_CRM_HUBEX_DEADLINE").asText()).isEqualTo("2026-09-01T15:00:00+00:00");
    }

    @Test
    void keepsADeadlineThatHasAnOffset() {
        assertThat(DealWriteback.bitrixDateTime("2026-09-01T18:00:00+03:00")).isEqualTo("2026-09-01T18:00:00+03:00");
        assertThat(DealWriteback.bitrixDateTime("")).isEmpty();
    }

    @Test
    void writesCostAsMoneyWithItsCurrency() throws Exception {
        variables.put(VAR_TASK_COST, "12500.50");
        variables.put(VAR_TASK_COST_CURRENCY, "RUB");
        assertThat(completionFields().path("UF_CRM_HUBEX_COST").asText()).isEqualTo("12500.50|RUB");

        variables.put(VAR_TASK_COST, "12500.5");
        assertThat(completionFields().path("UF_CRM_HUBEX_COST").asText()).isEqualTo("12500.50|RUB");

        variables.put(VAR_TASK_COST, "7500.00");
        variables.put(VAR_TASK_COST_CURRENCY, "USD");
        assertThat(completionFields().path("UF_CRM_HUBEX_COST").asText()).isEqualTo("7500|USD");
    }

    @Test
    void writesCostWithTheDefaultCurrencyWhenHubexNamesNone() throws Exception {
        completion.setDefaultCurrency("KZT");
        variables.put(VAR_TASK_COST, "7500.00");

        assertThat(completionFields().path("UF_CRM_HUBEX_COST").asText()).isEqualTo("7500|KZT");
    }

    @Test
    void writesTheExecutorComment() throws Exception {
        variables.put(VAR_EXECUTOR_COMMENT, "Заменён насос");

        assertThat(completionFields().path("UF_CRM_HUBEX_COMMENT").asText()).isEqualTo("Заменён насос");
    }

    @Test
    void leavesOutFieldsThatAreNotConfigured() throws Exception {
        writeback.setDeadlineField("");
        writeback.setCostField(" ");
        writeback.setCommentField(null);
        variables.put(VAR_TASK_DEADLINE, "2026-09-01T15:00:00");
        variables.put(VAR_TASK_COST, "100");
        variables.put(VAR_EXECUTOR_COMMENT, "Готово");

        assertThat(completionFields().fieldNames()).toIterable().containsExactly("STAGE_ID");
    }

    @Test
    void leavesOutFieldsWithoutAValue() throws Exception {
        assertThat(completionFields().fieldNames()).toIterable().containsExactly("STAGE_ID");
    }

    @Test
    void writesTheTaskNumberOnlyWhenItsFieldIsConfigured() throws Exception {
        variables.put(VAR_HUBEX_TASK_NUMBER, "0207000000003");
        assertThat(objectMapper.readTree(((String) dealWriteback.taskLinkFields(execution))).path("UF_CRM_HUBEX_TASK").asText())
                .isEqualTo("0207000000003");

        writeback.setTaskNumberField("");
        assertThat(objectMapper.readTree(((String) dealWriteback.taskLinkFields(execution))).isEmpty()).isTrue();
    }

    @Test
    void completionCommentListsEveryKnownFact() {
        variables.put(VAR_HUBEX_TASK_NUMBER, "0207000000003");
        variables.put(VAR_EXECUTOR_NAME, "Кулибин Павел");
        variables.put(VAR_TASK_COMPLETED_AT, "2026-08-28T13:40:12");
        variables.put(VAR_TASK_DEADLINE, "2026-09-01T15:00:00");
        variables.put(VAR_TASK_COST, "7500.00");
        variables.put(VAR_EXECUTOR_COMMENT, "Заменён насос");

        assertThat(((String) dealWriteback.completionComment(execution)).split("\n")).containsExactly(
                "Заявка HubEx №0207000000003 выполнена.",
                "Исполнитель: Кулибин Павел",
                "Выполнена: 2026-08-28T13:40:12+00:00",
                "Срок: 2026-09-01T15:00:00+00:00",
                "Стоимость работ: 7500 RUB",
                "Комментарий исполнителя: Заменён насос");
    }

    @Test
    void completionCommentSkipsUnknownFacts() {
        variables.put(VAR_HUBEX_TASK_NUMBER, "0207000000003");
        variables.put(VAR_EXECUTOR_NAME, "Кулибин Павел");

        assertThat(((String) dealWriteback.completionComment(execution)))
                .isEqualTo("Заявка HubEx №0207000000003 выполнена.\nИсполнитель: Кулибин Павел");
    }

    @Test
    void taskCreatedCommentNamesNumberAndId() {
        variables.put(VAR_HUBEX_TASK_NUMBER, "0207000000003");
        variables.put(VAR_HUBEX_TASK_ID, "5129");

        assertThat(((String) dealWriteback.taskCreatedComment(execution)))
                .isEqualTo("Создана заявка HubEx №0207000000003 (ID 5129).");
    }

    @Test
    void givesACommentTooLongForAStringVariableAsBytes() {
        variables.put(VAR_HUBEX_TASK_NUMBER, "0207000000003");
        variables.put(VAR_EXECUTOR_COMMENT, "x".repeat(5000));

        Object comment = dealWriteback.completionComment(execution);

        // the engine stores it as bytes and gives back a byte[]
        assertThat(comment).isInstanceOf(org.camunda.bpm.engine.variable.value.BytesValue.class);
        variables.put("comment", ((org.camunda.bpm.engine.variable.value.BytesValue) comment).getValue());
        assertThat(io.dealflow.process.LongText.get(execution, "comment"))
                .startsWith("Заявка HubEx №0207000000003 выполнена.").endsWith("x".repeat(5000));
    }

    @Test
    void writesTheCostIntoTheDealAmountMarkedAsSetByHand() throws Exception {
        writeback.setCostField("OPPORTUNITY");
        variables.put(VAR_TASK_COST, "12500.00");
        variables.put(VAR_TASK_COST_CURRENCY, "RUB");

        JsonNode fields = completionFields();

        assertThat(fields.path("OPPORTUNITY").asText()).isEqualTo("12500");
        assertThat(fields.path("CURRENCY_ID").asText()).isEqualTo("RUB");
        assertThat(fields.path("IS_MANUAL_OPPORTUNITY").asText()).isEqualTo("Y");
    }

    @Test
    void writesCompletionTimeExecutorAndTaskLinkWhereConfigured() throws Exception {
        writeback.setCompletedAtField("UF_CRM_DONE_AT");
        writeback.setExecutorField("UF_CRM_EXECUTOR");
        writeback.setTaskLinkField("UF_CRM_TASK_URL");
        hubex.setTaskUrlTemplate("https://hubex.example/tasks/{id}?n={number}");
        variables.put(VAR_HUBEX_TASK_ID, "5129");
        variables.put(VAR_HUBEX_TASK_NUMBER, "0207000000003");
        variables.put(VAR_TASK_COMPLETED_AT, "2026-08-28T13:40:12");
        variables.put(VAR_EXECUTOR_NAME, "Кулибин Павел");

        JsonNode fields = completionFields();

        assertThat(fields.path("UF_CRM_DONE_AT").asText()).isEqualTo("2026-08-28T13:40:12+00:00");
        assertThat(fields.path("UF_CRM_EXECUTOR").asText()).isEqualTo("Кулибин Павел");
        assertThat(fields.path("UF_CRM_TASK_URL").asText())
                .isEqualTo("https://hubex.example/tasks/5129?n=0207000000003");
        assertThat(objectMapper.readTree((String) dealWriteback.taskLinkFields(execution))
                .path("UF_CRM_TASK_URL").asText()).isEqualTo("https://hubex.example/tasks/5129?n=0207000000003");
    }

    @Test
    void commentTemplatesAreConfigurableAndDropLinesWithNothingToSay() {
        writeback.setCompletionComment("Готово: №{number}\nИсполнитель: {executor}\nСсылка: {link}\nСпасибо!");
        variables.put(VAR_HUBEX_TASK_NUMBER, "0207000000003");
        variables.put(VAR_EXECUTOR_NAME, "Кулибин Павел");

        assertThat((String) dealWriteback.completionComment(execution))
                .isEqualTo("Готово: №0207000000003\nИсполнитель: Кулибин Павел\nСпасибо!");
    }

    @Test
    void aStageConfiguredForThePipelineByNameWins() throws Exception {
        completion.setStages(Map.of(3, "Работы выполнены"));
        when(deals.listStages(3)).thenReturn(objectMapper.readTree("""
                [{"STATUS_ID": "C3:NEW", "NAME": "Новая"}, {"STATUS_ID": "C3:UC_X1", "NAME": "Работы выполнены"}]"""));
        stages.resolveConfiguredStages();
        variables.put(VAR_DEAL_CATEGORY_ID, 3);

        assertThat(completionFields().path("STAGE_ID").asText()).isEqualTo("C3:UC_X1");
        variables.put(VAR_DEAL_CATEGORY_ID, 1);
        assertThat(completionFields().path("STAGE_ID").asText()).as("other pipelines keep stage-id")
                .isEqualTo("C1:UC_DONE");
    }

    @Test
    void aConfiguredStageThatDoesNotExistStopsTheStartNamingIt() throws Exception {
        completion.setStages(Map.of(3, "Закрыто"));
        when(deals.listStages(3)).thenReturn(objectMapper.readTree("""
                [{"STATUS_ID": "C3:NEW", "NAME": "Новая"}]"""));

        org.assertj.core.api.Assertions.assertThatThrownBy(stages::resolveConfiguredStages)
                .hasMessageContaining("dealflow.completion.stages.3").hasMessageContaining("«Закрыто»")
                .hasMessageContaining("C3:NEW «Новая»");
    }

    @Test
    void writesCustomTaskFieldsIntoTheirDealFields() throws Exception {
        writeback.setAttributes(Map.of(13, "UF_CRM_TECH_NOTE", 15, "UF_CRM_CONTRACT"));
        variables.put(VAR_HUBEX_TASK_ATTRIBUTES, "{\"13\":\"Фильтр заменён\",\"16\":\"true\"}");

        JsonNode fields = completionFields();

        assertThat(fields.path("UF_CRM_TECH_NOTE").asText()).isEqualTo("Фильтр заменён");
        assertThat(fields.has("UF_CRM_CONTRACT")).as("no value, nothing written").isFalse();
    }
}
