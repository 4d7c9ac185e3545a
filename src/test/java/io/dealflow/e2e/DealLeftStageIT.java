package io.dealflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.dealflow.process.ProcessConstants;
import io.dealflow.sandbox.hubex.HubexDirectory;
import io.dealflow.sandbox.hubex.HubexTask;
import io.dealflow.support.EndToEndTestBase;
import io.dealflow.support.Eventually;
import org.junit.jupiter.api.Test;

/**
 * A deal lost or deleted while its HubEx task is open (the sandbox's policy: cancel-task, cancel stage 9
 * «Отменена»): the task is cancelled in HubEx, the deal gets a comment where it still exists, the cycle ends.
 */
class DealLeftStageIT extends EndToEndTestBase {

    @Test
    void aDealMovedToLoseCancelsItsOpenTaskAndEndsTheCycle() {
        String dealId = newServiceDeal("Клиент передумал");
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");
        HubexTask task = awaitWaitingCycle(dealId);
        hubex.assignTechnician(task.id(), HubexDirectory.TECHNICIAN_KULIBIN_ID);

        bitrix24.moveDealToStage(dealId, "C1:LOSE");

        Eventually.await("the cycle of deal " + dealId + " to end", TIMEOUT, () -> cycleEnded(dealId));
        assertThat(hubex.getTask(task.id()).stageId()).isEqualTo(HubexDirectory.STAGE_CANCELLED);
        List<String> comments = bitrix24.dealTimelineComments(dealId).stream()
                .map(c -> (String) c.get("COMMENT")).toList();
        assertThat(comments).last().asString().contains("№" + task.number() + " отменена",
                "Сделка перешла на стадию C1:LOSE (deal moved to stage C1:LOSE)");
        assertThat(bitrix24.getDeal(dealId).get("STAGE_ID")).isEqualTo("C1:LOSE");
        assertPassed(dealId, "EndEvent_DealLeftStage");
        assertThat(tasksOf(dealId)).hasSize(1);
        assertThat(historyService.createHistoricIncidentQuery().processDefinitionKey(ProcessConstants.PROCESS_KEY)
                .processInstanceId(instanceOf(dealId)).count()).isZero();
    }

    @Test
    void aDeletedDealCancelsItsOpenTaskAndEndsTheCycle() {
        String dealId = newServiceDeal("Удалённая сделка");
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");
        HubexTask task = awaitWaitingCycle(dealId);

        assertThat(bitrix24.deleteDeal(dealId)).isTrue();

        Eventually.await("the cycle of deal " + dealId + " to end", TIMEOUT, () -> cycleEnded(dealId));
        assertThat(hubex.getTask(task.id()).stageId()).isEqualTo(HubexDirectory.STAGE_CANCELLED);
        assertPassed(dealId, "EndEvent_DealLeftDeleted");
        assertThat(historyService.createHistoricIncidentQuery().processInstanceId(instanceOf(dealId)).count())
                .isZero();
    }

    @Test
    void aDealLostWhileItWaitsToBeFixedEndsItsCycleWithACommentAndNoTask() {
        // no phone: the e2e profile requires one, so the cycle waits at "Fix the deal"
        String contact = bitrix24.createContact("Ирина", "Петрова", java.util.List.of(),
                java.util.List.of("i.petrova@example.ru"));
        String dealId = bitrix24.createDeal("Передумали до выезда", "Клиент просит утро", 1, "C1:NEW", contact, null,
                java.util.Map.of());
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");
        Eventually.await("the cycle of deal " + dealId + " to wait at \"Fix the deal\"", TIMEOUT,
                () -> runtimeService.createExecutionQuery().processInstanceBusinessKey(dealId)
                        .activityId("Task_FixDeal").count() == 1);

        bitrix24.moveDealToStage(dealId, "C1:LOSE");

        Eventually.await("the cycle of deal " + dealId + " to end", TIMEOUT, () -> cycleEnded(dealId));
        assertPassed(dealId, "EndEvent_EarlyLeft");
        assertThat(bitrix24.dealTimelineComments(dealId)).extracting(c -> (String) c.get("COMMENT"))
                .containsExactly("Сделка покинула сервисную стадию до создания заявки HubEx: Сделка перешла на"
                        + " стадию C1:LOSE (deal moved to stage C1:LOSE). Сервисный цикл сделки завершён, заявка не"
                        + " создавалась.");
        assertThat(tasksOf(dealId)).isEmpty();
        assertThat(bitrix24.getDeal(dealId).get("STAGE_ID")).isEqualTo("C1:LOSE");
    }

    private HubexTask awaitWaitingCycle(String dealId) {
        Eventually.await("the HubEx task of deal " + dealId, TIMEOUT, () -> tasksOf(dealId).size() == 1);
        HubexTask task = tasksOf(dealId).get(0);
        Eventually.await("the task number on the deal", TIMEOUT,
                () -> task.number().equals(bitrix24.getDeal(dealId).get("UF_CRM_HUBEX_TASK")));
        Eventually.await("the cycle to wait for the task", TIMEOUT, () -> waitingForTask(dealId));
        return task;
    }

    private String instanceOf(String dealId) {
        return historyService.createHistoricProcessInstanceQuery().processDefinitionKey(ProcessConstants.PROCESS_KEY)
                .processInstanceBusinessKey(dealId).singleResult().getId();
    }

    private void assertPassed(String dealId, String activityId) {
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instanceOf(dealId))
                .activityId(activityId).finished().count()).as(activityId).isEqualTo(1);
    }
}
