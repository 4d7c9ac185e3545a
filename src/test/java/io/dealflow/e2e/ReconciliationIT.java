package io.dealflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.dealflow.reconciliation.ReconciliationSchedule;
import io.dealflow.sandbox.bitrix24.Bitrix24EventSender;
import io.dealflow.sandbox.hubex.HubexWebhookSender;
import io.dealflow.support.EndToEndTestBase;
import io.dealflow.support.Eventually;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The safety net behind the webhooks: with the simulated portal's events or the simulated tenant's webhooks
 * switched off, a reconciliation run (started here by hand instead of waiting for its timer) still starts the
 * missed cycle and ends the cycle whose completion was not reported.
 */
class ReconciliationIT extends EndToEndTestBase {

    @Autowired Bitrix24EventSender bitrix24Events;
    @Autowired HubexWebhookSender hubexWebhooks;

    /** One run of processes/reconciliation.bpmn on the real job executor, to its end. */
    private void runReconciliation() {
        String id = runtimeService.startProcessInstanceByKey(ReconciliationSchedule.PROCESS_KEY).getId();
        Eventually.await("reconciliation run " + id + " to end", TIMEOUT, () -> historyService
                .createHistoricProcessInstanceQuery().processInstanceId(id).finished().count() == 1);
    }

    /**
     * Runs until the condition holds: each run reads dealflow.reconciliation.open-task-checks open tasks, least
     * recently read first, and other tests leave waiting cycles behind.
     */
    private void runReconciliationUntil(String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        for (int run = 0; run < 6; run++) {
            runReconciliation();
            for (int poll = 0; poll < 50; poll++) {
                if (condition.getAsBoolean()) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        Eventually.await(what, TIMEOUT, condition);
    }

    @Test
    void aDealWhoseStageEventWasLostGetsItsCycleFromTheNextReconciliation() throws Exception {
        // the first run in a fresh database only notes where the stage history stands
        runReconciliation();
        String dealId;
        bitrix24Events.setDeliverEvents(false);
        try {
            dealId = newServiceDeal("Событие не дошло");
            bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");
            Thread.sleep(1000);
            awaitInboxDrained();
            assertThat(cyclesOf(dealId)).as("no event, no cycle yet").isZero();

            runReconciliation();

            Eventually.await("the cycle of deal " + dealId + " to wait for its task", TIMEOUT,
                    () -> waitingForTask(dealId));
        } finally {
            bitrix24Events.setDeliverEvents(true);
        }
        assertThat(cyclesOf(dealId)).isEqualTo(1);
        assertThat(tasksOf(dealId)).hasSize(1);

        // a later run does not hand the same stage entry over again, and nothing new starts
        runReconciliation();
        awaitInboxDrained();
        assertThat(cyclesOf(dealId)).isEqualTo(1);
        assertThat(tasksOf(dealId)).hasSize(1);
    }

    @Test
    void aCompletionWhoseWebhookWasLostEndsTheCycleAfterTheNextReconciliation() throws Exception {
        runReconciliation();
        String dealId = newServiceDeal("Вебхук HubEx не дошёл");
        hubexWebhooks.setDeliverWebhooks(false);
        try {
            bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");
            Eventually.await("the cycle of deal " + dealId + " to wait for its task", TIMEOUT,
                    () -> waitingForTask(dealId));
            hubex.completeTask(tasksOf(dealId).get(0).id());
            Thread.sleep(1000);
            assertThat(waitingForTask(dealId)).as("no webhook: the cycle still waits").isTrue();

            runReconciliation();

            Eventually.await("the cycle of deal " + dealId + " to end", TIMEOUT, () -> cycleEnded(dealId));
        } finally {
            hubexWebhooks.setDeliverWebhooks(true);
        }
        Map<String, Object> deal = bitrix24.getDeal(dealId);
        assertThat(deal.get("STAGE_ID")).isEqualTo("C1:UC_DONE");
        assertThat(cyclesOf(dealId)).isEqualTo(1);
        assertThat(historyService.createHistoricIncidentQuery()
                .processDefinitionKey(ReconciliationSchedule.PROCESS_KEY).count()).isZero();
    }

    @Test
    void aTaskDeletedInHubexWithoutAWebhookEndsItsCycleAfterAReconciliation() throws Exception {
        runReconciliation();
        String dealId = newServiceDeal("Заявку удалили");
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");
        Eventually.await("the cycle of deal " + dealId + " to wait for its task", TIMEOUT,
                () -> waitingForTask(dealId));
        String number = tasksOf(dealId).get(0).number();

        // HubEx calls no webhook when a task is deleted (the simulated tenant neither)
        hubex.deleteTask(tasksOf(dealId).get(0).id());
        Thread.sleep(1000);
        assertThat(waitingForTask(dealId)).as("nobody told DealFlow: the cycle still waits").isTrue();

        runReconciliationUntil("the cycle of deal " + dealId + " to end", () -> cycleEnded(dealId));

        assertThat(bitrix24.getDeal(dealId).get("STAGE_ID")).isEqualTo("C1:LOSE");
        assertThat(bitrix24.dealTimelineComments(dealId)).extracting(c -> (String) c.get("COMMENT"))
                .contains("Заявка HubEx №" + number + " удалена в HubEx. Сервисный цикл сделки завершён.");
        assertEndedAt(dealId, "EndEvent_TaskCancelled");
    }

    @Test
    void aTaskCancelledWhileItsWebhookWasLostEndsItsCycleAfterAReconciliation() throws Exception {
        runReconciliation();
        String dealId = newServiceDeal("Отмена без вебхука");
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");
        Eventually.await("the cycle of deal " + dealId + " to wait for its task", TIMEOUT,
                () -> waitingForTask(dealId));
        hubexWebhooks.setDeliverWebhooks(false);
        try {
            hubex.moveToStage(tasksOf(dealId).get(0).id(), 9);
            Thread.sleep(1000);
            assertThat(waitingForTask(dealId)).as("no webhook: the cycle still waits").isTrue();

            runReconciliationUntil("the cycle of deal " + dealId + " to end", () -> cycleEnded(dealId));
        } finally {
            hubexWebhooks.setDeliverWebhooks(true);
        }
        assertThat(bitrix24.getDeal(dealId).get("STAGE_ID")).isEqualTo("C1:LOSE");
        assertThat(bitrix24.dealTimelineComments(dealId)).extracting(c -> (String) c.get("COMMENT"))
                .anyMatch(comment -> comment.contains("отменена в HubEx (стадия «Отменена»)"));
        assertEndedAt(dealId, "EndEvent_TaskCancelled");
        assertThat(historyService.createHistoricIncidentQuery()
                .processDefinitionKey(ReconciliationSchedule.PROCESS_KEY).count()).isZero();
    }

    private void assertEndedAt(String dealId, String endEvent) {
        String instance = historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(io.dealflow.process.ProcessConstants.PROCESS_KEY)
                .processInstanceBusinessKey(dealId).singleResult().getId();
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instance)
                .activityId(endEvent).finished().count()).as(endEvent).isEqualTo(1);
    }
}
