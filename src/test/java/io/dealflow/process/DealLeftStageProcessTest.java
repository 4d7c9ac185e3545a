package io.dealflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;


import io.dealflow.bitrix24.DealGateway;
import io.dealflow.bitrix24.DealParties;
import io.dealflow.hubex.HubexClient;
import io.dealflow.hubex.HubexClient.CreatedTask;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * A deal that is lost, moved out of the service stage or deleted while the cycle waits for its HubEx task: the
 * policy dealflow.lifecycle.deal-left-stage decides between cancelling the task and asking an operator.
 */
@SpringBootTest
@ActiveProfiles("test")
class DealLeftStageProcessTest {

    private static final String LOST = "Сделка перешла на стадию C1:LOSE (deal moved to stage C1:LOSE)";

    @Autowired ProcessEngine processEngine;
    @Autowired RuntimeService runtimeService;
    @Autowired ManagementService managementService;
    @Autowired TaskService taskService;
    @Autowired LifecycleProperties lifecycle;
    @MockitoBean DealGateway deals;
    @MockitoBean HubexClient hubex;

    @BeforeEach
    void setUp() {
        init(processEngine);
    }

    @AfterEach
    void defaultPolicy() {
        lifecycle.setDealLeftStage(LifecycleProperties.DealLeftStage.CANCEL_TASK);
    }

    @Test
    void byDefaultTheTaskIsMovedToTheCancelStageAndTheDealGetsAComment() {
        ProcessInstance pi = waitingCycle("4801", 6201, "0207000000101");

        correlateDealLeft(pi, LOST, "C1:LOSE", false);
        assertThat(pi).isWaitingAt("Task_CancelHubexTask");
        assertThat(pi).variables().containsEntry("dealLeftPolicy", "cancel-task");
        execute(jobAt(pi, "Task_CancelHubexTask"));
        verify(hubex).moveTaskToStage(6201L, 9, LOST);
        execute(jobAt(pi, "Task_AddDealLeftComment"));
        verify(deals).addTimelineComment(eq(4801L), contains("№0207000000101 отменена"));
        verify(deals).addTimelineComment(eq(4801L), contains(LOST));

        assertThat(pi).isEnded().hasPassed("BoundaryEvent_DealLeftStage", "Task_CancelHubexTask",
                "EndEvent_DealLeftStage").hasNotPassed("Task_ReadTaskStatus", "Task_DecideDealLeft");
        assertThat(managementService.createJobQuery().processInstanceId(pi.getId()).count()).isZero();
        verify(hubex, never()).getTask(anyLong());
    }

    @Test
    void anOperatorMayKeepTheTask() {
        lifecycle.setDealLeftStage(LifecycleProperties.DealLeftStage.OPERATOR);
        ProcessInstance pi = waitingCycle("4802", 6202, "0207000000102");

        correlateDealLeft(pi, LOST, "C1:LOSE", false);
        Task task = operatorTask(pi);
        assertThat(task.getName()).isEqualTo("Deal left the service stage");
        taskService.complete(task.getId(), Map.of("leftDecision", "keep-task"));
        execute(jobAt(pi, "Task_AddDealLeftComment"));

        verify(hubex, never()).moveTaskToStage(anyLong(), anyInt(), anyString());
        verify(deals).addTimelineComment(eq(4802L), contains("№0207000000102 оставлена открытой"));
        assertThat(pi).isEnded().hasPassed("Task_DecideDealLeft", "EndEvent_DealLeftStage")
                .hasNotPassed("Task_CancelHubexTask", "Task_ReadTaskStatus");
        verify(hubex, never()).getTask(anyLong());
    }

    @Test
    void anOperatorMayCancelTheTask() {
        lifecycle.setDealLeftStage(LifecycleProperties.DealLeftStage.OPERATOR);
        ProcessInstance pi = waitingCycle("4803", 6203, "0207000000103");

        correlateDealLeft(pi, LOST, "C1:LOSE", false);
        taskService.complete(operatorTask(pi).getId(), Map.of("leftDecision", "cancel-task"));
        execute(jobAt(pi, "Task_CancelHubexTask"));
        execute(jobAt(pi, "Task_AddDealLeftComment"));

        verify(hubex).moveTaskToStage(6203L, 9, LOST);
        verify(deals).addTimelineComment(eq(4803L), contains("№0207000000103 отменена"));
        assertThat(pi).isEnded().hasPassed("Task_DecideDealLeft", "Task_CancelHubexTask", "EndEvent_DealLeftStage")
                .hasNotPassed("Task_ReadTaskStatus");
        verify(hubex, never()).getTask(anyLong());
    }

    @Test
    void aDeletedDealCancelsTheTaskWithoutAComment() {
        ProcessInstance pi = waitingCycle("4804", 6204, "0207000000104");

        correlateDealLeft(pi, "Сделка удалена (deal deleted)", "", true);
        execute(jobAt(pi, "Task_CancelHubexTask"));

        verify(hubex).moveTaskToStage(6204L, 9, "Сделка удалена (deal deleted)");
        assertThat(pi).isEnded().hasPassed("EndEvent_DealLeftDeleted")
                .hasNotPassed("Task_AddDealLeftComment", "Task_ReadTaskStatus");
        verify(deals, never()).addTimelineComment(anyLong(), anyString());
        verify(hubex, never()).getTask(anyLong());
    }

    @Test
    void aDealThatLeavesWhileATaskChangeIsReadStopsTheReadAndCancelsTheTask() {
        ProcessInstance pi = waitingCycle("4805", 6205, "0207000000105");
        assertThat(subscriptions(pi)).isEqualTo(1);
        runtimeService.createMessageCorrelation(ProcessConstants.MESSAGE_TASK_CHANGED)
                .processInstanceId(pi.getId()).correlateWithResult();
        assertThat(pi).isWaitingAt("Task_ReadTaskStatus", "Task_WriteTaskNumber");
        assertThat(subscriptions(pi)).as("the task is still open while its change is read").isEqualTo(1);

        correlateDealLeft(pi, LOST, "C1:LOSE", false);

        assertThat(jobsAt(pi, "Task_ReadTaskStatus")).isEmpty();
        assertThat(pi).isWaitingAt("Task_CancelHubexTask");
        verify(hubex, never()).getTask(anyLong());
    }

    @Test
    void onceTheTaskIsDoneTheCycleNoLongerListensForTheDeal() {
        ProcessInstance pi = waitingCycle("4806", 6206, "0207000000106");
        when(hubex.getTask(6206)).thenReturn(CycleTestSupport.json("{\"number\":\"0207000000106\",\"taskStage\":{\"id\":7},"
                + "\"timesheet\":{\"completed\":\"2026-08-28T13:40:12\"}}"));
        runtimeService.createMessageCorrelation(ProcessConstants.MESSAGE_TASK_CHANGED)
                .processInstanceId(pi.getId()).correlateWithResult();
        execute(jobAt(pi, "Task_ReadTaskStatus"));

        // DealFlow's own move of the deal, which comes next, must not look like the deal leaving
        assertThat(pi).hasPassed("EndEvent_TaskDone").isWaitingAt("Task_WriteTaskNumber");
        assertThat(subscriptions(pi)).isZero();
    }

    private long subscriptions(ProcessInstance pi) {
        return runtimeService.createEventSubscriptionQuery().processInstanceId(pi.getId())
                .eventName(ProcessConstants.MESSAGE_DEAL_LEFT_STAGE).count();
    }

    private Task operatorTask(ProcessInstance pi) {
        assertThat(pi).isWaitingAt("Task_DecideDealLeft");
        Task task = taskService.createTaskQuery().processInstanceId(pi.getId()).singleResult();
        List<IdentityLink> links = taskService.getIdentityLinksForTask(task.getId());
        assertThat(links).extracting(IdentityLink::getGroupId).contains("camunda-admin");
        return task;
    }

    /** A cycle whose task was created and which now waits for the task's changes. */
    private ProcessInstance waitingCycle(String dealId, long taskId, String number) {
        when(deals.loadWithParties(Long.parseLong(dealId))).thenReturn(dealWithContact(dealId));
        when(hubex.createTask(anyString(), org.mockito.ArgumentMatchers.any()))
                .thenReturn(new CreatedTask(taskId, number));
        when(deals.addTimelineComment(eq(Long.parseLong(dealId)), anyString())).thenReturn(901L);
        ProcessInstance pi = runtimeService.startProcessInstanceByKey(ProcessConstants.PROCESS_KEY, dealId,
                Map.of("dealId", dealId, "dealCategoryId", 1, "dealStageId", "C1:UC_SERVICE"));
        execute(jobAt(pi, "Task_LoadDeal"));
        execute(jobAt(pi, "Task_CreateHubexTask"));
        assertThat(pi).isWaitingAt("Task_WriteTaskNumber", "Task_WaitForTaskChange");
        return pi;
    }

    private void correlateDealLeft(ProcessInstance pi, String reason, String stageId, boolean deleted) {
        runtimeService.createMessageCorrelation(ProcessConstants.MESSAGE_DEAL_LEFT_STAGE)
                .processInstanceId(pi.getId())
                .setVariable(ProcessConstants.VAR_DEAL_LEFT_REASON, reason)
                .setVariable(ProcessConstants.VAR_DEAL_LEFT_STAGE_ID, stageId)
                .setVariable(ProcessConstants.VAR_DEAL_DELETED, deleted)
                .correlateWithResult();
    }

    private Job jobAt(ProcessInstance pi, String activityId) {
        return CycleTestSupport.jobAt(managementService, pi, activityId);
    }

    private List<Job> jobsAt(ProcessInstance pi, String activityId) {
        return CycleTestSupport.jobsAt(managementService, pi, activityId);
    }

    private static DealParties dealWithContact(String dealId) {
        return CycleTestSupport.dealWithContact(dealId, Map.of());
    }
}
