package io.dealflow.hubex;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/** Reading GET /WORK/Tasks/{id}: completion, executor, cost. HubEx omits empty fields. */
class TaskSnapshotTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TaskSnapshot task(String json) throws Exception {
        return new TaskSnapshot(JSON.readTree(json));
    }

    @Test
    void isCompletedWhenTimesheetHasCompleted() throws Exception {
        TaskSnapshot task = task("""
                {"taskStage": {"id": 3}, "timesheet": {"completed": "2026-08-28T13:40:12"}}""");

        assertThat(task.isCompleted(List.of())).isTrue();
        assertThat(task.completedAt()).contains("2026-08-28T13:40:12");
    }

    @Test
    void isCompletedWhenTimesheetHasClosed() throws Exception {
        TaskSnapshot task = task("""
                {"taskStage": {"id": 3}, "timesheet": {"completed": null, "closed": "2026-08-29T08:00:00"}}""");

        assertThat(task.isCompleted(List.of())).isTrue();
        assertThat(task.completedAt()).contains("2026-08-29T08:00:00");
    }

    @Test
    void isCompletedInAFinalStage() throws Exception {
        TaskSnapshot task = task("""
                {"taskStage": {"id": 7, "name": "Выполнена"}, "timesheet": {"created": "2026-08-20T09:00:00"}}""");

        assertThat(task.isCompleted(List.of(7, 9))).isTrue();
        assertThat(task.isCompleted(List.of(9))).isFalse();
        assertThat(task.stageName()).isEqualTo("Выполнена");
    }

    @Test
    void isNotCompletedWhileInProgress() throws Exception {
        TaskSnapshot task = task("""
                {"taskStage": {"id": 3}, "timesheet": {"created": "2026-08-20T09:00:00", "completed": " "}}""");

        assertThat(task.isCompleted(List.of(7))).isFalse();
        assertThat(task.completedAt()).isEmpty();
        assertThat(task("{}").isCompleted(List.of(7))).isFalse();
    }

    @Test
    void readsTheDeadline() throws Exception {
        assertThat(task("""
                {"timesheet": {"deadline": "2026-09-01T15:00:00"}}""").deadline()).contains("2026-09-01T15:00:00");
        assertThat(task("{}").deadline()).isEmpty();
    }

    @Test
    void executorNameComesFromAssignedTo() throws Exception {
        TaskSnapshot task = task("""
                {"assignedTo": {"id": 171, "firstName": "Павел", "lastName": "Кулибин", "isTechnician": true},
                 "listAssignedTo": [{"id": 2, "firstName": "Иван", "lastName": "Другой"}]}""");

        assertThat(task.executorName()).contains("Кулибин Павел");
    }

    @Test
    void executorNameFallsBackToTheFirstOfListAssignedTo() throws Exception {
        TaskSnapshot task = task("""
                {"listAssignedTo": [{"id": 2, "firstName": "Иван", "lastName": "Сидоров", "middleName": "Петрович"},
                                    {"id": 3, "firstName": "Анна", "lastName": "Смирнова"}]}""");

        assertThat(task.executorName()).contains("Сидоров Иван Петрович");
    }

    @Test
    void executorNameIsEmptyWithoutAnAssignee() throws Exception {
        assertThat(task("{}").executorName()).isEmpty();
        assertThat(task("""
                {"assignedTo": null, "listAssignedTo": []}""").executorName()).isEmpty();
    }

    @Test
    void actualCostIsEmptyWhenAbsent() throws Exception {
        assertThat(task("{}").actualCost()).isEmpty();
        assertThat(task("""
                {"actualCost": null}""").actualCost()).isEmpty();
    }

    @Test
    void actualCostAndCurrencyWhenPresent() throws Exception {
        TaskSnapshot task = task("""
                {"actualCost": 12500.5, "actualCostCurrency": {"id": 1, "shortName": "Рубль", "asciiCode": "RUB"}}""");

        assertThat(task.actualCost()).hasValueSatisfying(cost -> assertThat(cost).isEqualByComparingTo("12500.5"));
        assertThat(task.actualCostCurrency()).contains("RUB");
        assertThat(task("""
                {"actualCost": 0}""").actualCost()).hasValueSatisfying(
                cost -> assertThat(cost).isEqualByComparingTo(BigDecimal.ZERO));
    }

    @Test
    void currencyIsEmptyWithoutAsciiCode() throws Exception {
        assertThat(task("""
                {"actualCost": 100, "actualCostCurrency": {"id": 1, "shortName": "Рубль"}}""").actualCostCurrency())
                .isEmpty();
    }

    @Test
    void isDeletedWhenDeletedIsStamped() throws Exception {
        assertThat(task("""
                {"deleted": "2026-08-21T10:00:00"}""").isDeleted()).isTrue();
        assertThat(task("""
                {"deleted": null, "number": "0207000000003"}""").isDeleted()).isFalse();
        assertThat(task("""
                {"number": "0207000000003"}""").number()).isEqualTo("0207000000003");
    }


    @org.junit.jupiter.api.Test
    void readsCustomFieldValuesByAttributeId() throws Exception {
        TaskSnapshot task = new TaskSnapshot(new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"attribute": [
                  {"attribute": {"id": 13, "name": "Комментарий"}, "attributeType": {"code": "String"}, "value": "Готово"},
                  {"attribute": {"id": 16, "name": "Срочно"}, "value": true},
                  {"attribute": {"id": 17, "name": "Пусто"}, "value": ""},
                  {"attribute": {"id": 18, "name": "Список"}, "value": ["a", "b"]}]}"""));

        org.assertj.core.api.Assertions.assertThat(task.attributes())
                .containsExactly(java.util.Map.entry(13, "Готово"), java.util.Map.entry(16, "true"),
                        java.util.Map.entry(18, "a, b"));
    }
}
