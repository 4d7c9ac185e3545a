package io.dealflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.dealflow.sandbox.hubex.HubexDirectory;
import io.dealflow.sandbox.hubex.HubexTask;
import io.dealflow.support.EndToEndTestBase;
import io.dealflow.support.Eventually;
import org.junit.jupiter.api.Test;

/** The main path over real HTTP against the simulators, on PostgreSQL. */
class DealServiceCycleIT extends EndToEndTestBase {

    @Test
    void dealEnteringServiceStageGetsOneTaskAndIsMovedOnWhenItIsCompleted() {
        String dealId = newServiceDeal("Замена насоса");
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");

        Eventually.await("the HubEx task of deal " + dealId, TIMEOUT, () -> tasksOf(dealId).size() == 1);
        HubexTask task = tasksOf(dealId).get(0);
        assertThat(task.data().notes()).contains("Сделка #" + dealId + ": Замена насоса")
                .contains("Клиент просит утро, план (https://example.ru/plan)").doesNotContain("[b]");
        assertThat(task.data().notesHtml()).contains("<strong>Клиент просит утро</strong>")
                .contains("<a href=\"https://example.ru/plan\">план</a>");
        assertThat(task.data().contactPerson()).isEqualTo("Петрова Ирина");
        assertThat(task.data().contactPhone()).isEqualTo("+79001234567");
        assertThat(task.data().contactEmail()).isEqualTo("i.petrova@example.ru");
        assertThat(task.data().requestMethodId()).isEqualTo(4);
        assertThat(task.taskTypeId()).isEqualTo(10);

        Eventually.await("the task number on the deal", TIMEOUT,
                () -> task.number().equals(bitrix24.getDeal(dealId).get("UF_CRM_HUBEX_TASK")));
        Eventually.await("the cycle to wait for the task", TIMEOUT, () -> waitingForTask(dealId));

        hubex.assignTechnician(task.id(), HubexDirectory.TECHNICIAN_KULIBIN_ID);
        hubex.addChatMessage(task.id(), HubexDirectory.TECHNICIAN_KULIBIN_ID, "Заменён насос, гарантия 12 мес.", false);
        hubex.setActualCost(task.id(), 12500.0);
        hubex.completeTask(task.id());

        Eventually.await("the cycle of deal " + dealId + " to end", TIMEOUT, () -> cycleEnded(dealId));
        Map<String, Object> deal = bitrix24.getDeal(dealId);
        assertThat(deal.get("STAGE_ID")).isEqualTo("C1:UC_DONE");
        assertThat(deal.get("UF_CRM_HUBEX_COST")).isEqualTo("12500|RUB");
        assertThat(deal.get("UF_CRM_HUBEX_COMMENT")).isEqualTo("Заменён насос, гарантия 12 мес.");
        assertThat((String) deal.get("UF_CRM_HUBEX_DEADLINE")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");
        List<String> comments = bitrix24.dealTimelineComments(dealId).stream()
                .map(c -> (String) c.get("COMMENT")).toList();
        assertThat(comments).hasSize(2);
        assertThat(comments.get(0)).contains("Создана заявка HubEx №" + task.number());
        assertThat(comments.get(1)).contains("№" + task.number() + " выполнена", "Исполнитель: Кулибин Павел",
                "Стоимость работ: 12500 RUB", "Заменён насос, гарантия 12 мес.");
        assertThat(tasksOf(dealId)).hasSize(1);
        assertThat(cyclesOf(dealId)).isEqualTo(1);
        assertThat(historyService.createHistoricVariableInstanceQuery().list())
                .extracting(v -> String.valueOf(v.getValue()))
                .noneMatch(value -> value.contains("sandbox-secret") || value.contains("sandbox-service-token")
                        || value.contains("sandbox-app-token") || value.contains("sandbox-hubex-token"));
        assertThat(historyService.createHistoricIncidentQuery().processDefinitionKey("deal-service-cycle").count())
                .isZero();
    }

    @Test
    void theSameEventTenTimesSomeConcurrentlyStartsOneCycleAndOneTask() throws Exception {
        String dealId = newServiceDeal("Дубли событий");
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");
        Map<String, String> event = dealEvent("ONCRMDEALUPDATE", dealId, "sandbox-app-token");

        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<CompletableFuture<HttpResponse<String>>> concurrent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                concurrent.add(CompletableFuture.supplyAsync(() -> postBitrix24Event(event), pool));
            }
            for (CompletableFuture<HttpResponse<String>> response : concurrent) {
                assertThat(response.get().statusCode()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < 5; i++) {
            assertThat(postBitrix24Event(event).statusCode()).isEqualTo(200);
            Thread.sleep(150);
        }

        Eventually.await("the cycle to wait for the task", TIMEOUT, () -> waitingForTask(dealId));
        awaitInboxDrained();
        assertThat(cyclesOf(dealId)).isEqualTo(1);
        assertThat(tasksOf(dealId)).hasSize(1);
    }

    @Test
    void ourOwnUpdateEchoingBackStartsNoNewCycle() {
        String dealId = newServiceDeal("Эхо");
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");
        Eventually.await("the task number on the deal", TIMEOUT,
                () -> bitrix24.getDeal(dealId).get("UF_CRM_HUBEX_TASK") != null);
        // the simulator delivers ONCRMDEALUPDATE for DealFlow's own write, as Bitrix24 does; deliver it once more
        assertThat(postBitrix24Event(dealEvent("ONCRMDEALUPDATE", dealId, "sandbox-app-token")).statusCode())
                .isEqualTo(200);

        awaitInboxDrained();
        assertThat(cyclesOf(dealId)).isEqualTo(1);
        assertThat(tasksOf(dealId)).hasSize(1);
    }

    @Test
    void dealInAnotherStageStartsNothing() {
        String dealId = newServiceDeal("Не та стадия");
        assertThat(postBitrix24Event(dealEvent("ONCRMDEALUPDATE", dealId, "sandbox-app-token")).statusCode())
                .isEqualTo(200);

        awaitInboxDrained();
        assertThat(cyclesOf(dealId)).isZero();
        assertThat(tasksOf(dealId)).isEmpty();
    }

    @Test
    void aDealThatLeavesAndReentersTheStageAfterItsCycleEndedGetsANewCycle() throws Exception {
        String dealId = newServiceDeal("Повторный выезд");
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");
        Eventually.await("the first task", TIMEOUT, () -> tasksOf(dealId).size() == 1);
        Eventually.await("the cycle to wait for the task", TIMEOUT, () -> waitingForTask(dealId));
        hubex.completeTask(tasksOf(dealId).get(0).id());
        Eventually.await("the first cycle to end", TIMEOUT, () -> cycleEnded(dealId));
        // MOVED_TIME has one-second resolution: an entry is told apart from the previous one by it
        Thread.sleep(1100);

        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");

        Eventually.await("a second task", TIMEOUT, () -> tasksOf(dealId).size() == 2);
        Eventually.await("the second cycle to wait", TIMEOUT, () -> waitingForTask(dealId));
        assertThat(cyclesOf(dealId)).isEqualTo(2);
    }

    @Test
    void aTaskCancelledInHubexMovesTheDealToTheCancellationStage() {
        String dealId = newServiceDeal("Отмена в HubEx");
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");
        Eventually.await("the cycle to wait for the task", TIMEOUT, () -> waitingForTask(dealId));

        hubex.moveToStage(tasksOf(dealId).get(0).id(), 9);

        Eventually.await("the cycle of deal " + dealId + " to end", TIMEOUT, () -> cycleEnded(dealId));
        assertThat(bitrix24.getDeal(dealId).get("STAGE_ID")).isEqualTo("C1:LOSE");
        assertThat(bitrix24.dealTimelineComments(dealId)).extracting(c -> (String) c.get("COMMENT"))
                .anyMatch(comment -> comment.contains("отменена в HubEx (стадия «Отменена»)"));
        assertThat(historyService.createHistoricActivityInstanceQuery().activityId("EndEvent_TaskCancelled")
                .finished().list()).isNotEmpty();
    }
}
