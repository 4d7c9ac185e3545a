package io.dealflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.dealflow.mapping.MappingProperties;
import io.dealflow.process.EscalationProperties;
import io.dealflow.process.ProcessConstants;
import io.dealflow.support.EndToEndTestBase;
import io.dealflow.support.Eventually;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The escalation before a task's deadline on the real job executor: the deal's CLOSEDATE gives the task its
 * deadline; the lead time is set so that the escalation is due a few seconds after the task is created. The
 * simulated portal gets the "deadline approaching" comment while the cycle keeps waiting, and the cycle still
 * ends normally when the technician completes the task.
 */
class DeadlineEscalationIT extends EndToEndTestBase {

    @Autowired EscalationProperties escalation;
    @Autowired MappingProperties mapping;

    @Test
    void aTaskStillOpenShortlyBeforeItsDeadlineGetsACommentOnTheDealAndTheCycleGoesOn() {
        String dealId = newServiceDeal("Срок горит");
        LocalDate closeDate = LocalDate.now(mapping.getPortalTimeZone()).plusDays(3);
        bitrix24.updateDeal(dealId, Map.of("CLOSEDATE", closeDate.toString()));
        Instant deadline = closeDate.atTime(mapping.getDeadlineTime()).atZone(mapping.getPortalTimeZone()).toInstant();
        Duration before = escalation.getBeforeDeadline();
        // due three seconds from now (the timer checks the lead time again when it fires); only this test's cycle
        // enters its wait while the lead time is this long
        escalation.setBeforeDeadline(Duration.between(Instant.now(), deadline).minusSeconds(3));
        try {
            bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");
            Eventually.await("the cycle of deal " + dealId + " to wait for its task", TIMEOUT,
                    () -> waitingForTask(dealId));
            Eventually.await("the \"deadline approaching\" comment on deal " + dealId, TIMEOUT,
                    () -> comments(dealId).stream().anyMatch(c -> c.contains("истекает")));
        } finally {
            escalation.setBeforeDeadline(before);
        }
        String number = tasksOf(dealId).get(0).number();
        assertThat(comments(dealId)).filteredOn(c -> c.contains("истекает")).singleElement().asString()
                .contains("Срок заявки HubEx №" + number, "а заявка ещё не выполнена",
                        "Заявка: " + baseUrl() + "/sandbox/api/hubex/tasks/" + tasksOf(dealId).get(0).id());
        assertThat(waitingForTask(dealId)).as("the escalation never interrupts the wait").isTrue();

        hubex.completeTask(tasksOf(dealId).get(0).id());

        Eventually.await("the cycle of deal " + dealId + " to end", TIMEOUT, () -> cycleEnded(dealId));
        assertThat(bitrix24.getDeal(dealId).get("STAGE_ID")).isEqualTo("C1:UC_DONE");
        assertThat(comments(dealId)).filteredOn(c -> c.contains("истекает")).hasSize(1);
        String instance = historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(ProcessConstants.PROCESS_KEY).processInstanceBusinessKey(dealId).singleResult()
                .getId();
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instance)
                .activityId("EndEvent_DeadlineCommented").finished().count()).isEqualTo(1);
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instance)
                .activityId("EndEvent_CycleCompleted").finished().count()).isEqualTo(1);
        assertThat(historyService.createHistoricIncidentQuery().processInstanceId(instance).count()).isZero();
    }

    private List<String> comments(String dealId) {
        return bitrix24.dealTimelineComments(dealId).stream().map(c -> (String) c.get("COMMENT")).toList();
    }
}
