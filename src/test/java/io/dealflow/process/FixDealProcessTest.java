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

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.bitrix24.Deal;
import io.dealflow.bitrix24.DealGateway;
import io.dealflow.bitrix24.DealParties;
import io.dealflow.hubex.HubexClient;
import io.dealflow.hubex.HubexClient.CreatedTask;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * A deal without the data the task needs (here: a contact phone) is a business error: the cycle waits in the user
 * task "Fix the deal" for an operator instead of raising an incident; Retry reads the deal again, Cancel ends the
 * cycle with a comment on the deal.
 */
@SpringBootTest(properties = "dealflow.requirements.require-contact-phone=true")
@ActiveProfiles("test")
class FixDealProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MISSING_PHONE = "Нет телефона контакта (contact phone is missing)";

    @Autowired ProcessEngine processEngine;
    @Autowired RuntimeService runtimeService;
    @Autowired ManagementService managementService;
    @Autowired TaskService taskService;
    @Autowired HistoryService historyService;
    @MockitoBean DealGateway deals;
    @MockitoBean HubexClient hubex;

    @BeforeEach
    void setUp() {
        init(processEngine);
    }

    @Test
    void incompleteDealWaitsForTheOperatorAndRetryContinuesOnceTheDealIsFixed() {
        when(deals.loadWithParties(4801))
                .thenReturn(deal(4801, null))
                .thenReturn(deal(4801, null))
                .thenReturn(deal(4801, "+79001234567"));
        when(hubex.createTask(anyString(), any())).thenReturn(new CreatedTask(7001, "0207000000101"));

        ProcessInstance pi = start("4801");
        execute(jobAt(pi, "Task_LoadDeal"));

        assertThat(pi).isWaitingAt("Task_FixDeal").hasPassed("BoundaryEvent_DealIncomplete");
        assertThat(pi).variables().containsEntry("dealProblems", MISSING_PHONE)
                .containsEntry("dealTitle", "Замена насоса");
        Task task = fixDealTask(pi);
        assertThat(task.getName()).isEqualTo("Fix the deal");
        assertThat(task.getCamundaFormRef().getKey()).isEqualTo("fix-deal");
        assertThat(taskService.getIdentityLinksForTask(task.getId())).extracting(IdentityLink::getGroupId)
                .contains("camunda-admin");
        verify(hubex, never()).createTask(anyString(), any());
        assertNoIncident(pi);

        // the operator presses Retry before fixing the deal: the same task again, with no stale decision
        taskService.complete(task.getId(), Map.of("decision", "retry"));
        execute(jobAt(pi, "Task_LoadDeal"));
        assertThat(pi).isWaitingAt("Task_FixDeal");
        assertThat(pi).variables().containsEntry("dealProblems", MISSING_PHONE).doesNotContainKey("decision");

        // the phone was added in Bitrix24: Retry reads the deal again and the cycle goes on
        taskService.complete(fixDealTask(pi).getId(), Map.of("decision", "retry"));
        execute(jobAt(pi, "Task_LoadDeal"));
        execute(jobAt(pi, "Task_CreateHubexTask"));

        @SuppressWarnings("unchecked")
        ArgumentCaptor<Map<String, Object>> body = ArgumentCaptor.forClass(Map.class);
        verify(hubex, times(1)).createTask(anyString(), body.capture());
        assertThat(body.getValue()).containsEntry("erpID", "4801").containsEntry("contactPhone", "+79001234567");
        assertThat(pi).isWaitingAt("Task_WriteTaskNumber", "Task_WaitForTaskChange");
        assertThat(pi).hasPassedInOrder("StartEvent_DealEnteredServiceStage", "Task_LoadDeal", "Task_FixDeal",
                "Gateway_OperatorDecision", "Task_LoadDeal", "Task_FixDeal", "Gateway_OperatorDecision",
                "Task_LoadDeal", "Task_CreateHubexTask");
        verify(deals, times(3)).loadWithParties(4801);
        verify(deals, never()).addTimelineComment(anyLong(), anyString());
        assertNoIncident(pi);
    }

    @Test
    void aValueTheFixedDealNoLongerHasIsNotSentFromTheEarlierRead() {
        when(deals.loadWithParties(4805))
                .thenReturn(deal(4805, null, "i.petrova@example.ru"))
                .thenReturn(deal(4805, "+79001234567", null));
        when(hubex.createTask(anyString(), any())).thenReturn(new CreatedTask(7005, "0207000000105"));

        ProcessInstance pi = start("4805");
        execute(jobAt(pi, "Task_LoadDeal"));
        assertThat(pi).isWaitingAt("Task_FixDeal");
        assertThat(pi).variables().containsEntry("contactEmail", "i.petrova@example.ru");

        // the operator added the phone, and someone removed the e-mail
        taskService.complete(fixDealTask(pi).getId(), Map.of("decision", "retry"));
        execute(jobAt(pi, "Task_LoadDeal"));
        execute(jobAt(pi, "Task_CreateHubexTask"));

        @SuppressWarnings("unchecked")
        ArgumentCaptor<Map<String, Object>> body = ArgumentCaptor.forClass(Map.class);
        verify(hubex).createTask(anyString(), body.capture());
        assertThat(body.getValue()).containsEntry("contactPhone", "+79001234567")
                .doesNotContainEntry("contactEmail", "i.petrova@example.ru");
        assertThat(pi).variables().containsEntry("contactPhone", "+79001234567")
                .doesNotContainEntry("contactEmail", "i.petrova@example.ru");
    }

    @Test
    void cancelEndsTheCycleWithACommentOnTheDeal() {
        when(deals.loadWithParties(4802)).thenReturn(deal(4802, null));
        when(deals.addTimelineComment(eq(4802L), anyString())).thenReturn(951L);

        ProcessInstance pi = start("4802");
        execute(jobAt(pi, "Task_LoadDeal"));
        assertThat(pi).isWaitingAt("Task_FixDeal");

        taskService.complete(fixDealTask(pi).getId(), Map.of("decision", "cancel"));
        assertThat(pi).isWaitingAt("Task_AddCancellationComment");
        execute(jobAt(pi, "Task_AddCancellationComment"));

        verify(deals).addTimelineComment(4802L, "Сервисный цикл отменён оператором: " + MISSING_PHONE);
        assertThat(pi).isEnded().hasPassedInOrder("Task_LoadDeal", "Task_FixDeal", "Gateway_OperatorDecision",
                "Task_AddCancellationComment", "EndEvent_CycleCancelled").hasNotPassed("Task_CreateHubexTask");
        verify(hubex, never()).createTask(anyString(), any());
        assertNoIncident(pi);
    }

    @Test
    void aDealThatLeavesTheStageWhileItWaitsToBeFixedEndsTheCycleWithAComment() {
        when(deals.loadWithParties(4803)).thenReturn(deal(4803, null));
        when(deals.addTimelineComment(eq(4803L), anyString())).thenReturn(952L);
        ProcessInstance pi = start("4803");
        execute(jobAt(pi, "Task_LoadDeal"));
        assertThat(pi).isWaitingAt("Task_FixDeal");

        correlateDealLeft(pi, "Сделка перешла на стадию C1:LOSE (deal moved to stage C1:LOSE)", false);
        assertThat(taskService.createTaskQuery().processInstanceId(pi.getId()).count()).isZero();
        execute(jobAt(pi, "Task_AddEarlyLeftComment"));

        verify(deals).addTimelineComment(4803L, "Сделка покинула сервисную стадию до создания заявки HubEx:"
                + " Сделка перешла на стадию C1:LOSE (deal moved to stage C1:LOSE). Сервисный цикл сделки завершён,"
                + " заявка не создавалась.");
        assertThat(pi).isEnded().hasPassedInOrder("Task_LoadDeal", "BoundaryEvent_LeftWhileFixing",
                "Gateway_EarlyLeftDealExists", "Task_AddEarlyLeftComment", "EndEvent_EarlyLeft")
                .hasNotPassed("Gateway_OperatorDecision", "Task_CreateHubexTask");
        verify(hubex, never()).createTask(anyString(), any());
        assertNoIncident(pi);
    }

    @Test
    void aDealDeletedWhileItWaitsToBeFixedEndsTheCycleWithoutAComment() {
        when(deals.loadWithParties(4804)).thenReturn(deal(4804, null));
        ProcessInstance pi = start("4804");
        execute(jobAt(pi, "Task_LoadDeal"));

        correlateDealLeft(pi, "Сделка удалена (deal deleted)", true);

        assertThat(pi).isEnded().hasPassedInOrder("BoundaryEvent_LeftWhileFixing", "Gateway_EarlyLeftDealExists",
                "EndEvent_EarlyLeftDeleted");
        verify(deals, never()).addTimelineComment(anyLong(), anyString());
        verify(hubex, never()).createTask(anyString(), any());
    }

    private void correlateDealLeft(ProcessInstance pi, String reason, boolean deleted) {
        runtimeService.createMessageCorrelation(ProcessConstants.MESSAGE_DEAL_LEFT_STAGE)
                .processInstanceId(pi.getId())
                .setVariable(ProcessConstants.VAR_DEAL_LEFT_REASON, reason)
                .setVariable(ProcessConstants.VAR_DEAL_LEFT_STAGE_ID, deleted ? "" : "C1:LOSE")
                .setVariable(ProcessConstants.VAR_DEAL_DELETED, deleted)
                .correlateWithResult();
    }

    private ProcessInstance start(String dealId) {
        return runtimeService.startProcessInstanceByKey(ProcessConstants.PROCESS_KEY, dealId,
                Map.of("dealId", dealId, "dealCategoryId", 1, "dealStageId", "C1:UC_SERVICE"));
    }

    private Task fixDealTask(ProcessInstance pi) {
        List<Task> tasks = taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey("Task_FixDeal").initializeFormKeys().list();
        assertThat(tasks).as("the Fix the deal task").hasSize(1);
        return tasks.get(0);
    }

    private void assertNoIncident(ProcessInstance pi) {
        assertThat(historyService.createHistoricIncidentQuery().processInstanceId(pi.getId()).count()).isZero();
    }

    private Job jobAt(ProcessInstance pi, String activityId) {
        List<Job> jobs = managementService.createJobQuery().processInstanceId(pi.getId()).activityId(activityId).list();
        assertThat(jobs).as("job at " + activityId).hasSize(1);
        return jobs.get(0);
    }

    /** A deal with a contact that has an e-mail and, when given, a phone; no company. */
    private static DealParties deal(long id, String phone) {
        return deal(id, phone, "i.petrova@example.ru");
    }

    private static DealParties deal(long id, String phone, String email) {
        try {
            Deal deal = new Deal(JSON.readTree("{\"ID\":\"" + id + "\",\"TITLE\":\"Замена насоса\",\"CATEGORY_ID\":\"1\","
                    + "\"STAGE_ID\":\"C1:UC_SERVICE\",\"COMMENTS\":\"Клиент просит утро\",\"CONTACT_ID\":\"214\","
                    + "\"COMPANY_ID\":\"0\"}"));
            JsonNode contact = JSON.readTree("{\"ID\":\"214\",\"NAME\":\"Ирина\",\"LAST_NAME\":\"Петрова\","
                    + "\"PHONE\":" + (phone == null ? "[]"
                            : "[{\"ID\":\"1\",\"VALUE_TYPE\":\"MOBILE\",\"VALUE\":\"" + phone + "\",\"TYPE_ID\":\"PHONE\"}]")
                    + ",\"EMAIL\":" + (email == null ? "[]"
                            : "[{\"ID\":\"2\",\"VALUE_TYPE\":\"WORK\",\"VALUE\":\"" + email + "\",\"TYPE_ID\":\"EMAIL\"}]")
                    + "}");
            return new DealParties(deal, Optional.of(contact), Optional.empty());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
