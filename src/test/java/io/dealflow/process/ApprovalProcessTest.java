package io.dealflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.bitrix24.Deal;
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
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * processes/deal-service-with-approval.bpmn - a second flow built only from the element templates, with no Java of
 * its own: a manager approves the visit in Tasklist before the HubEx task is created.
 */
@SpringBootTest
@ActiveProfiles("test")
class ApprovalProcessTest {

    private static final String PROCESS_KEY = "deal-service-with-approval";

    @Autowired ProcessEngine processEngine;
    @Autowired RuntimeService runtimeService;
    @Autowired ManagementService managementService;
    @Autowired TaskService taskService;
    @MockitoBean DealGateway deals;
    @MockitoBean HubexClient hubex;

    @BeforeEach
    void setUp() throws Exception {
        init(processEngine);
        when(deals.loadWithParties(5001)).thenReturn(new DealParties(new Deal(new ObjectMapper().readTree(
                "{\"ID\":\"5001\",\"TITLE\":\"Монтаж котла\",\"CATEGORY_ID\":\"0\",\"STAGE_ID\":\"UC_SERVICE\"}")),
                Optional.empty(), Optional.empty()));
    }

    @Test
    void anApprovedVisitGetsItsHubexTask() {
        when(hubex.createTask(anyString(), any())).thenReturn(new CreatedTask(7001, "0207000000101"));
        ProcessInstance pi = start();
        execute(jobAt(pi, "Task_LoadDeal"));

        assertThat(pi).isWaitingAt("Task_ApproveVisit");
        verify(hubex, never()).createTask(anyString(), any());
        Task approval = taskService.createTaskQuery().processInstanceId(pi.getId()).singleResult();
        assertThat(approval.getName()).isEqualTo("Approve the service visit");
        assertThat(taskService.getIdentityLinksForTask(approval.getId()))
                .anyMatch(link -> "camunda-admin".equals(link.getGroupId()));
        taskService.complete(approval.getId(), Map.of("approval", "approve"));

        execute(jobAt(pi, "Task_CreateHubexTask"));
        assertThat(pi).hasPassedInOrder("Task_LoadDeal", "Task_ApproveVisit", "Gateway_Approved",
                "Task_CreateHubexTask").isWaitingAt("Task_WaitForTaskChange", "Task_WriteTaskNumber");
        verify(hubex).createTask(anyString(), any());
    }

    @Test
    void aRejectedVisitEndsWithACommentAndNoTask() {
        ProcessInstance pi = start();
        execute(jobAt(pi, "Task_LoadDeal"));
        Task approval = taskService.createTaskQuery().processInstanceId(pi.getId()).singleResult();
        taskService.complete(approval.getId(), Map.of("approval", "reject", "approvalNote", "Клиент перенёс на весну"));

        execute(jobAt(pi, "Task_AddRejectionComment"));

        verify(deals).addTimelineComment(eq(5001L),
                eq("Выезд по сделке не одобрен руководителем. Клиент перенёс на весну"));
        assertThat(pi).isEnded().hasPassed("EndEvent_VisitRejected").hasNotPassed("Task_CreateHubexTask");
        verify(hubex, never()).createTask(anyString(), any());
        assertThat(runtimeService.createIncidentQuery().processInstanceId(pi.getId()).count()).isZero();
    }

    @Test
    void aDealThatLeavesTheStageBeforeTheVisitIsApprovedEndsWithACommentAndNoTask() {
        when(deals.addTimelineComment(eq(5001L), anyString())).thenReturn(961L);
        ProcessInstance pi = start();
        execute(jobAt(pi, "Task_LoadDeal"));
        assertThat(pi).isWaitingAt("Task_ApproveVisit");

        runtimeService.createMessageCorrelation(ProcessConstants.MESSAGE_DEAL_LEFT_STAGE)
                .processInstanceId(pi.getId())
                .setVariable(ProcessConstants.VAR_DEAL_LEFT_REASON,
                        "Сделка перешла на стадию LOSE (deal moved to stage LOSE)")
                .setVariable(ProcessConstants.VAR_DEAL_LEFT_STAGE_ID, "LOSE")
                .setVariable(ProcessConstants.VAR_DEAL_DELETED, false)
                .correlateWithResult();
        assertThat(taskService.createTaskQuery().processInstanceId(pi.getId()).count()).isZero();
        execute(jobAt(pi, "Task_AddEarlyLeftComment"));

        verify(deals).addTimelineComment(eq(5001L),
                org.mockito.ArgumentMatchers.startsWith("Сделка покинула сервисную стадию до создания заявки HubEx"));
        assertThat(pi).isEnded().hasPassedInOrder("Task_LoadDeal", "BoundaryEvent_LeftWhileApproving",
                "Gateway_EarlyLeftJoin", "Gateway_EarlyLeftDealExists", "Task_AddEarlyLeftComment",
                "EndEvent_EarlyLeft").hasNotPassed("Gateway_Approved", "Task_CreateHubexTask");
        verify(hubex, never()).createTask(anyString(), any());
    }

    private ProcessInstance start() {
        return runtimeService.startProcessInstanceByKey(PROCESS_KEY, "5001",
                Map.of("dealId", "5001", "dealCategoryId", 0, "dealStageId", "UC_SERVICE"));
    }

    private Job jobAt(ProcessInstance pi, String activityId) {
        List<Job> jobs = managementService.createJobQuery().processInstanceId(pi.getId()).activityId(activityId).list();
        assertThat(jobs).as("job at " + activityId).hasSize(1);
        return jobs.get(0);
    }
}
