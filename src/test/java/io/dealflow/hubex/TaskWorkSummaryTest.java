package io.dealflow.hubex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import org.junit.jupiter.api.Test;

/** Cost of works and executor comment read from a task's completed works and chat. */
class TaskWorkSummaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void costOfWorksSumsCostTimesQuantity() throws Exception {
        JsonNode works = json("""
                [{"id": 1, "workType": {"id": 10, "cost": 3000.0}, "quantity": 2.0},
                 {"id": 2, "workType": {"id": 11, "cost": 1250.25}, "quantity": 3}]""");

        assertThat(TaskWorkSummary.costOfWorks(works))
                .hasValueSatisfying(total -> assertThat(total).isEqualByComparingTo("9750.75"));
    }

    @Test
    void costOfWorksCountsAMissingQuantityAsOne() throws Exception {
        JsonNode works = json("""
                [{"id": 1, "workType": {"id": 10, "cost": 3000.0}},
                 {"id": 2, "workType": {"id": 11, "cost": 500}, "quantity": null}]""");

        assertThat(TaskWorkSummary.costOfWorks(works))
                .hasValueSatisfying(total -> assertThat(total).isEqualByComparingTo("3500"));
    }

    @Test
    void costOfWorksIsEmptyWithoutWorks() throws Exception {
        assertThat(TaskWorkSummary.costOfWorks(json("[]"))).isEmpty();
        assertThat(TaskWorkSummary.costOfWorks(MissingNode.getInstance())).isEmpty();
    }

    @Test
    void notesOfWorksAreJoinedOnePerLine() throws Exception {
        JsonNode works = json("""
                [{"id": 1, "notes": " Заменены два фильтра "}, {"id": 2, "notes": ""}, {"id": 3},
                 {"id": 4, "notes": "Система проверена"}]""");

        assertThat(TaskWorkSummary.notesOfWorks(works)).contains("Заменены два фильтра\nСистема проверена");
        assertThat(TaskWorkSummary.notesOfWorks(json("[{\"id\": 1}]"))).isEmpty();
    }

    @Test
    void latestTechnicianMessageIsTheNewestByCreated() throws Exception {
        JsonNode chat = json("""
                [{"id": 3, "created": "2026-08-28T10:00:00", "message": "Выехал",
                  "author": {"id": 171, "isTechnician": true}},
                 {"id": 1, "created": "2026-08-28T13:40:00", "message": " Заменён насос, гарантия 12 мес. ",
                  "author": {"id": 171, "isTechnician": true}},
                 {"id": 2, "created": "2026-08-28T09:00:00", "message": "Начинаю",
                  "author": {"id": 171, "isTechnician": true}}]""");

        assertThat(TaskWorkSummary.latestTechnicianMessage(chat)).contains("Заменён насос, гарантия 12 мес.");
    }

    @Test
    void latestTechnicianMessageIgnoresCustomersAndBlankMessages() throws Exception {
        JsonNode chat = json("""
                [{"id": 1, "created": "2026-08-28T10:00:00", "message": "Работа выполнена",
                  "author": {"id": 171, "isTechnician": true}},
                 {"id": 2, "created": "2026-08-28T11:00:00", "message": "Спасибо!",
                  "author": {"id": 900, "isTechnician": false, "isCustomer": true}},
                 {"id": 3, "created": "2026-08-28T12:00:00", "message": "   ",
                  "author": {"id": 171, "isTechnician": true}},
                 {"id": 4, "created": "2026-08-28T12:30:00", "message": "Диспетчер: закрываем",
                  "author": {"id": 5}}]""");

        assertThat(TaskWorkSummary.latestTechnicianMessage(chat)).contains("Работа выполнена");
    }

    @Test
    void latestTechnicianMessageIsEmptyWithoutOne() throws Exception {
        assertThat(TaskWorkSummary.latestTechnicianMessage(json("[]"))).isEmpty();
        assertThat(TaskWorkSummary.latestTechnicianMessage(MissingNode.getInstance())).isEmpty();
        assertThat(TaskWorkSummary.latestTechnicianMessage(json("""
                [{"id": 1, "created": "2026-08-28T10:00:00", "message": "Жду мастера",
                  "author": {"isCustomer": true}}]"""))).isEmpty();
    }
}
