package io.dealflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.dealflow.bitrix24.DealGateway;
import io.dealflow.bitrix24.DealParties;
import io.dealflow.hubex.HubexClient;
import io.dealflow.hubex.HubexClient.CreatedTask;
import io.dealflow.hubex.HubexProperties;
import io.dealflow.mapping.MappingProperties;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The escalation before a HubEx task's deadline (dealflow.escalation): beside the wait for the task, never in its
 * way - a timer armed from the deadline minus the lead time raises a timeline comment or a Tasklist task, and
 * everything of it ends when the task is done. Runs on the engine's clock, set by the test.
 */
@SpringBootTest
@ActiveProfiles("test")
class DeadlineEscalationProcessTest {

    /** 18:00 in Moscow: the deadline the deal asks for, 15:00 UTC. */
    private static final String CLOSEDATE = "2026-09-01T18:00:00+03:00";
    private static final Instant DEADLINE = Instant.parse("2026-09-01T15:00:00Z");
    private static final Instant CREATED = DEADLINE.minus(Duration.ofDays(2));

    @Autowired ProcessEngine processEngine;
    @Autowired RuntimeService runtimeService;
    @Autowired ManagementService managementService;
    @Autowired TaskService taskService;
    @Autowired HistoryService historyService;
    @Autowired EscalationProperties escalation;
    @Autowired MappingProperties mapping;
    @Autowired HubexProperties hubexProperties;
    @Autowired CommentLedger ledger;
    @MockitoBean DealGateway deals;
    @MockitoBean HubexClient hubex;

    @BeforeEach
    void setUp() {
        init(processEngine);
        mapping.setDeadlineField("CLOSEDATE");
        hubexProperties.setTaskUrlTemplate("https://hubex.test.local/tasks/{id}");
        clockAt(CREATED);
    }

    @AfterEach
    void restore() {
        ClockUtil.reset();
        mapping.setDeadlineField("");
        hubexProperties.setTaskUrlTemplate("");
        escalation.setAction(EscalationProperties.Action.COMMENT);
        escalation.setBeforeDeadline(Duration.ofHours(2));
    }

    @Test
    void aTaskStillOpenTwoHoursBeforeItsDeadlineGetsACommentOnTheDealAndTheCycleKeepsWaiting() {
        ProcessInstance pi = waitingCycle("4901", 6301, "0207000000201", CLOSEDATE);

        Job timer = timerOf(pi);
        assertThat(timer.getDuedate()).isEqualTo(Date.from(DEADLINE.minus(Duration.ofHours(2))));
        assertThat(pi).isWaitingAt("Task_WaitForTaskChange", "TimerEvent_BeforeDeadline", "Task_WriteTaskNumber");

        clockAt(timer.getDuedate().toInstant());
        execute(timer);
        execute(jobAt(pi, "Task_AddDeadlineComment"));

        verify(deals).addTimelineComment(4901L, "Срок заявки HubEx №0207000000201 истекает 01.09.2026 18:00"
                + " (Europe/Moscow), а заявка ещё не выполнена.\nЗаявка: https://hubex.test.local/tasks/6301");
        assertThat(pi).hasPassedInOrder("Task_CreateHubexTask", "Gateway_EscalationArmed",
                "TimerEvent_BeforeDeadline", "Gateway_StillDue", "Gateway_EscalationAction", "Task_AddDeadlineComment",
                "EndEvent_DeadlineCommented").isWaitingAt("Task_WaitForTaskChange", "Task_WriteTaskNumber");
        assertThat(pi).hasNotPassed("Task_DeadlineApproaching", "Task_ReadTaskStatus");
        verify(hubex, never()).getTask(anyLong());
    }

    @Test
    void anOperatorIsAskedInTasklistAndTheTaskDisappearsWhenTheHubexTaskIsCompleted() {
        escalation.setAction(EscalationProperties.Action.OPERATOR);
        ProcessInstance pi = waitingCycle("4902", 6302, "0207000000202", CLOSEDATE);
        clockAt(timerOf(pi).getDuedate().toInstant());
        execute(timerOf(pi));

        Task task = taskService.createTaskQuery().processInstanceId(pi.getId()).singleResult();
        assertThat(task.getName()).isEqualTo("Task deadline approaching");
        assertThat(task.getTaskDefinitionKey()).isEqualTo("Task_DeadlineApproaching");
        assertThat(taskService.getIdentityLinksForTask(task.getId()))
                .anyMatch(link -> "camunda-admin".equals(link.getGroupId()));
        assertThat(taskService.getVariables(task.getId())).containsEntry("dealId", "4902")
                .containsEntry("hubexTaskNumber", "0207000000202")
                .containsEntry("escalationDeadline", "01.09.2026 18:00 (Europe/Moscow)")
                .containsEntry("hubexTaskLink", "https://hubex.test.local/tasks/6302");
        verify(deals, never()).addTimelineComment(anyLong(), anyString());

        when(hubex.getTask(6302)).thenReturn(json("{\"number\":\"0207000000202\",\"taskStage\":{\"id\":7},"
                + "\"timesheet\":{\"deadline\":\"2026-09-01T15:00:00\",\"completed\":\"2026-09-01T14:10:00\"}}"));
        correlateTaskChanged(pi);
        execute(jobAt(pi, "Task_ReadTaskStatus"));

        assertThat(taskService.createTaskQuery().processInstanceId(pi.getId()).count()).isZero();
        assertThat(pi).hasPassedInOrder("Gateway_EscalationAction", "Task_ReadTaskStatus", "EndEvent_TaskDone")
                .hasNotPassed("EndEvent_OperatorAsked")
                .isWaitingAt("Task_WriteTaskNumber");
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(pi.getId())
                .activityId("Task_DeadlineApproaching").singleResult().isCanceled()).as("ended by the wait").isTrue();
    }

    @Test
    void aCompletedTaskEndsThePendingTimerAndNothingIsRaised() {
        ProcessInstance pi = waitingCycle("4903", 6303, "0207000000203", CLOSEDATE);
        when(hubex.getTask(6303)).thenReturn(json("{\"number\":\"0207000000203\",\"taskStage\":{\"id\":7},"
                + "\"timesheet\":{\"completed\":\"2026-08-31T10:00:00\"}}"));

        correlateTaskChanged(pi);
        execute(jobAt(pi, "Task_ReadTaskStatus"));

        assertThat(jobsAt(pi, "TimerEvent_BeforeDeadline")).isEmpty();
        assertThat(pi).hasPassedInOrder("Task_ReadTaskStatus", "Gateway_TaskStillOpen", "EndEvent_TaskDone",
                "Gateway_TaskCompleted").hasNotPassed("Gateway_StillDue", "Task_AddDeadlineComment");
        assertThat(pi).isWaitingAt("Task_WriteTaskNumber");
    }

    @Test
    void aTaskWithoutADeadlineArmsNoTimer() {
        ProcessInstance pi = waitingCycle("4904", 6304, "0207000000204", null);

        assertThat(jobsAt(pi, "TimerEvent_BeforeDeadline")).isEmpty();
        assertThat(pi).hasPassedInOrder("Gateway_EscalationArmed", "EndEvent_NoEscalation")
                .isWaitingAt("Task_WaitForTaskChange", "Task_WriteTaskNumber");
        assertThat(runtimeService.getVariable(pi.getId(), ProcessConstants.VAR_ESCALATION_ACTION)).isEqualTo("none");
    }

    @Test
    void escalationSwitchedOffArmsNoTimer() {
        escalation.setAction(EscalationProperties.Action.NONE);
        ProcessInstance pi = waitingCycle("4905", 6305, "0207000000205", CLOSEDATE);

        assertThat(jobsAt(pi, "TimerEvent_BeforeDeadline")).isEmpty();
        assertThat(pi).hasPassed("EndEvent_NoEscalation").isWaitingAt("Task_WaitForTaskChange", "Task_WriteTaskNumber");
    }

    @Test
    void aDeadlineMovedLaterInHubexArmsTheTimerAgainForTheNewDeadline() {
        ProcessInstance pi = waitingCycle("4906", 6306, "0207000000206", CLOSEDATE);
        Job first = timerOf(pi);
        // a change of the task, read during the wait: the dispatcher gave it one more day
        when(hubex.getTask(6306)).thenReturn(json("{\"number\":\"0207000000206\",\"taskStage\":{\"id\":3},"
                + "\"timesheet\":{\"deadline\":\"2026-09-02T15:00:00\"}}"));
        correlateTaskChanged(pi);
        execute(jobAt(pi, "Task_ReadTaskStatus"));

        clockAt(first.getDuedate().toInstant());
        execute(first);

        Job second = timerOf(pi);
        assertThat(second.getDuedate()).isEqualTo(Date.from(Instant.parse("2026-09-02T13:00:00Z")));
        assertThat(pi).hasPassedInOrder("TimerEvent_BeforeDeadline", "Gateway_StillDue", "Gateway_EscalationJoin",
                "Gateway_EscalationArmed").hasNotPassed("Task_AddDeadlineComment");
        verify(deals, never()).addTimelineComment(anyLong(), anyString());

        clockAt(second.getDuedate().toInstant());
        execute(second);
        execute(jobAt(pi, "Task_AddDeadlineComment"));
        verify(deals).addTimelineComment(eq(4906L), org.mockito.ArgumentMatchers.contains("02.09.2026 18:00"));
    }

    @Test
    void aDealThatLeavesWhileTheOperatorIsAskedEndsTheEscalationWithTheWait() {
        escalation.setAction(EscalationProperties.Action.OPERATOR);
        ProcessInstance pi = waitingCycle("4907", 6307, "0207000000207", CLOSEDATE);
        clockAt(timerOf(pi).getDuedate().toInstant());
        execute(timerOf(pi));
        assertThat(taskService.createTaskQuery().processInstanceId(pi.getId()).count()).isEqualTo(1);

        runtimeService.createMessageCorrelation(ProcessConstants.MESSAGE_DEAL_LEFT_STAGE)
                .processInstanceId(pi.getId())
                .setVariable(ProcessConstants.VAR_DEAL_LEFT_REASON, "Сделка удалена (deal deleted)")
                .setVariable(ProcessConstants.VAR_DEAL_LEFT_STAGE_ID, "")
                .setVariable(ProcessConstants.VAR_DEAL_DELETED, true)
                .correlateWithResult();

        assertThat(taskService.createTaskQuery().taskDefinitionKey("Task_DeadlineApproaching")
                .processInstanceId(pi.getId()).count()).isZero();
        assertThat(pi).isWaitingAt("Task_CancelHubexTask");
    }

    @Test
    void aRetriedCommentJobDoesNotCommentTwice() {
        ProcessInstance pi = waitingCycle("4908", 6308, "0207000000208", CLOSEDATE);
        clockAt(timerOf(pi).getDuedate().toInstant());
        execute(timerOf(pi));
        // a first run added the comment, then failed before its transaction committed
        ledger.recordSent(pi.getId() + ":Task_AddDeadlineComment", 910L);

        execute(jobAt(pi, "Task_AddDeadlineComment"));

        verify(deals, never()).addTimelineComment(anyLong(), anyString());
        assertThat(pi).hasPassed("EndEvent_DeadlineCommented");
    }

    /** The engine's clock from this instant on, still ticking (history keeps the order of what happens). */
    private static void clockAt(Instant instant) {
        ClockUtil.offset(instant.toEpochMilli() - System.currentTimeMillis());
    }

    /** A cycle whose task was created and which now waits for the task's changes. */
    private ProcessInstance waitingCycle(String dealId, long taskId, String number, String closeDate) {
        when(deals.loadWithParties(Long.parseLong(dealId))).thenReturn(deal(dealId, closeDate));
        when(hubex.createTask(anyString(), any())).thenReturn(new CreatedTask(taskId, number));
        ProcessInstance pi = runtimeService.startProcessInstanceByKey(ProcessConstants.PROCESS_KEY, dealId,
                Map.of("dealId", dealId, "dealCategoryId", 1, "dealStageId", "C1:UC_SERVICE"));
        execute(jobAt(pi, "Task_LoadDeal"));
        execute(jobAt(pi, "Task_CreateHubexTask"));
        verify(hubex, times(1)).createTask(anyString(), any());
        return pi;
    }

    private void correlateTaskChanged(ProcessInstance pi) {
        runtimeService.createMessageCorrelation(ProcessConstants.MESSAGE_TASK_CHANGED)
                .processInstanceId(pi.getId()).correlateWithResult();
    }

    private Job timerOf(ProcessInstance pi) {
        return jobAt(pi, "TimerEvent_BeforeDeadline");
    }

    private Job jobAt(ProcessInstance pi, String activityId) {
        return CycleTestSupport.jobAt(managementService, pi, activityId);
    }

    private List<Job> jobsAt(ProcessInstance pi, String activityId) {
        return CycleTestSupport.jobsAt(managementService, pi, activityId);
    }

    private static DealParties deal(String dealId, String closeDate) {
        return CycleTestSupport.dealWithContact(dealId, closeDate == null ? Map.of() : Map.of("CLOSEDATE", closeDate));
    }

    private static JsonNode json(String text) {
        return CycleTestSupport.json(text);
    }
}
