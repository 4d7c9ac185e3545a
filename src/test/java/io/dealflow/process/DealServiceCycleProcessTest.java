package io.dealflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.bitrix24.Bitrix24Exception;
import io.dealflow.bitrix24.Bitrix24Properties;
import io.dealflow.bitrix24.Deal;
import io.dealflow.bitrix24.DealGateway;
import io.dealflow.bitrix24.DealParties;
import io.dealflow.hubex.HubexClient;
import io.dealflow.hubex.HubexClient.CreatedTask;
import io.dealflow.hubex.HubexException;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The deal service cycle driven job by job, with Bitrix24 and HubEx replaced by mocks: asserts the path taken,
 * the waits and the calls made.
 */
@SpringBootTest
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class DealServiceCycleProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired ProcessEngine processEngine;
    @Autowired RuntimeService runtimeService;
    @Autowired ManagementService managementService;
    @MockitoBean DealGateway deals;
    @MockitoBean HubexClient hubex;
    @Autowired CommentLedger ledger;
    @Autowired Bitrix24Properties bitrix24;
    @Autowired PlatformTransactionManager transactionManager;

    @BeforeEach
    void setUp() {
        init(processEngine);
    }

    @Test
    void createsTaskWaitsForCompletionAndMovesDealOn() throws Exception {
        when(deals.loadWithParties(4711)).thenReturn(dealWithContact());
        when(hubex.createTask(anyString(), any())).thenReturn(new CreatedTask(5129, "0207000000003"));
        when(hubex.getTask(5129))
                .thenReturn(json("{\"number\":\"0207000000003\",\"taskStage\":{\"id\":3,\"name\":\"В работе\"},"
                        + "\"timesheet\":{\"deadline\":\"2026-09-01T15:00:00\"}}"))
                .thenReturn(json("{\"number\":\"0207000000003\",\"taskStage\":{\"id\":7,\"name\":\"Выполнена\"},"
                        + "\"assignedTo\":{\"id\":171,\"firstName\":\"Павел\",\"lastName\":\"Кулибин\"},"
                        + "\"timesheet\":{\"deadline\":\"2026-09-01T15:00:00\",\"completed\":\"2026-08-28T13:40:12\"}}"));
        when(hubex.completedWorks(5129)).thenReturn(json("[{\"workType\":{\"name\":\"Замена\",\"cost\":3000.0},"
                + "\"quantity\":2.0},{\"workType\":{\"name\":\"Выезд\",\"cost\":1500.0},\"quantity\":1}]"));
        when(hubex.conversations(5129)).thenReturn(json("[{\"id\":1,\"created\":\"2026-08-28T10:00:00\","
                + "\"message\":\"Еду\",\"author\":{\"isTechnician\":true}},{\"id\":2,\"created\":\"2026-08-28T13:39:00\","
                + "\"message\":\"Заменён насос\",\"author\":{\"isTechnician\":true}},{\"id\":3,"
                + "\"created\":\"2026-08-28T13:45:00\",\"message\":\"Спасибо\",\"author\":{\"isTechnician\":false}}]"));
        when(deals.addTimelineComment(eq(4711L), anyString())).thenReturn(901L, 902L);

        ProcessInstance pi = start("4711", 1);
        assertThat(pi).isWaitingAt("Task_LoadDeal");
        execute(jobAt(pi, "Task_LoadDeal"));
        assertThat(pi).variables().containsEntry("contactPerson", "Петрова Ирина")
                .containsEntry("contactPhone", "+79001234567")
                .as("the deal has no company: no empty customer variables")
                .doesNotContainKeys("customerCompanyId", "customerTitle", "customerPhone", "customerEmail");

        execute(jobAt(pi, "Task_CreateHubexTask"));
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Map<String, Object>> body = ArgumentCaptor.forClass(Map.class);
        verify(hubex).createTask(eq(TaskCreation.stampOf(pi.getId())), body.capture());
        assertThat(body.getValue()).containsEntry("erpID", "4711").containsEntry("taskTypeID", 10)
                .containsEntry("requestMethodID", 4).containsEntry("contactPerson", "Петрова Ирина")
                .containsEntry("contactEmail", "i.petrova@example.ru");
        assertThat((String) body.getValue().get("notes")).contains("Замена насоса").contains("Клиент просит утро");
        assertThat(pi).isWaitingAt("Task_WriteTaskNumber", "Task_WaitForTaskChange");

        execute(jobAt(pi, "Task_WriteTaskNumber"));
        verify(deals).updateDeal(4711L, Map.of("UF_CRM_HUBEX_TASK", "0207000000003"));
        execute(jobAt(pi, "Task_AddTaskCreatedComment"));
        verify(deals).addTimelineComment(eq(4711L), eq("Создана заявка HubEx №0207000000003 (ID 5129)."));

        // a change that is not the completion: the cycle keeps waiting
        correlateTaskChanged(pi);
        execute(jobAt(pi, "Task_ReadTaskStatus"));
        assertThat(pi).isWaitingAt("Task_WaitForTaskChange", "Gateway_LinkedAndCompleted");

        correlateTaskChanged(pi);
        execute(jobAt(pi, "Task_ReadTaskStatus"));
        for (Job job : jobsAt(pi, "Gateway_LinkedAndCompleted")) {
            execute(job);
        }
        execute(jobAt(pi, "Task_ReadTaskResult"));
        execute(jobAt(pi, "Task_UpdateDeal"));
        verify(deals).updateDeal(4711L, Map.of("STAGE_ID", "C1:UC_DONE",
                "UF_CRM_HUBEX_DEADLINE", "2026-09-01T15:00:00+00:00",
                "UF_CRM_HUBEX_COST", "7500|RUB",
                "UF_CRM_HUBEX_COMMENT", "Заменён насос"));
        execute(jobAt(pi, "Task_AddCompletionComment"));
        ArgumentCaptor<String> comment = ArgumentCaptor.forClass(String.class);
        verify(deals, times(2)).addTimelineComment(eq(4711L), comment.capture());
        assertThat(comment.getValue()).contains("№0207000000003 выполнена", "Кулибин Павел", "7500 RUB",
                "Заменён насос");

        assertThat(pi).isEnded().hasPassedInOrder("StartEvent_DealEnteredServiceStage", "Task_LoadDeal",
                "Task_CreateHubexTask", "Gateway_TaskCreated", "Task_WaitForTaskChange", "Task_ReadTaskStatus",
                "Task_WaitForTaskChange", "Task_ReadTaskStatus", "Gateway_LinkedAndCompleted", "Task_ReadTaskResult",
                "Task_UpdateDeal", "Task_AddCompletionComment", "EndEvent_CycleCompleted");
        verify(hubex, times(1)).createTask(anyString(), any());
        verify(hubex, never()).findTasksByErpId(anyString());
    }

    @Test
    void endsQuietlyWhenTheDealWasDeleted() {
        when(deals.loadWithParties(4712)).thenThrow(new Bitrix24Exception(Bitrix24Exception.Kind.NOT_FOUND,
                "crm.deal.get", "", "Not found"));

        ProcessInstance pi = start("4712", 0);
        execute(jobAt(pi, "Task_LoadDeal"));

        assertThat(pi).isEnded().hasPassed("EndEvent_DealGone").hasNotPassed("Task_CreateHubexTask");
        verify(hubex, never()).createTask(anyString(), any());
    }

    @Test
    void hubexFailureIsRetriedThenBecomesAReadableIncident() {
        when(deals.loadWithParties(4713)).thenReturn(dealWithContact());
        when(hubex.createTask(anyString(), any())).thenThrow(new HubexException(HubexException.Kind.UNAVAILABLE, 500,
                "HubEx: could not create the task: HTTP 500 - HubEx is unavailable or throttling;"
                        + " the call will be repeated"));

        ProcessInstance pi = start("4713", 0);
        execute(jobAt(pi, "Task_LoadDeal"));
        int attempts = 0;
        while (jobAt(pi, "Task_CreateHubexTask").getRetries() > 0 && attempts < 10) {
            attempts++;
            try {
                managementService.executeJob(jobAt(pi, "Task_CreateHubexTask").getId());
            } catch (HubexException expected) {
                // the job retry takes over
            }
        }

        Job job = jobAt(pi, "Task_CreateHubexTask");
        assertThat(job.getRetries()).isZero();
        List<Incident> incidents = runtimeService.createIncidentQuery().processInstanceId(pi.getId()).list();
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).getActivityId()).isEqualTo("Task_CreateHubexTask");
        assertThat(incidents.get(0).getIncidentMessage()).startsWith("HubEx: could not create the task: HTTP 500");
        assertThat(pi).isWaitingAt("Task_CreateHubexTask");
        // dealflow.retry.hubex has four intervals in the test profile: the first attempt and four retries
        assertThat(attempts).isEqualTo(5);
        verify(hubex, times(5)).createTask(anyString(), any());
    }

    @Test
    void aCommentWhoseAnswerWasLostIsFoundOnTheDealInsteadOfBeingAddedTwice() {
        String text = "Создана заявка HubEx №0207000000040 (ID 5140).";
        // the portal added the comment (id 977) but its answer never arrived
        when(deals.addTimelineComment(eq(4716L), anyString())).thenThrow(new Bitrix24Exception(
                Bitrix24Exception.Kind.UNAVAILABLE, "crm.timeline.comment.add", "",
                "Bitrix24 crm.timeline.comment.add failed: no answer from the portal - the call will be repeated"));
        when(deals.recentTimelineComments(4716L)).thenReturn(Map.of(977L, text + "\r\n", 976L, "Чужой комментарий"));

        ProcessInstance pi = cycleAtTaskCreatedComment(4716, 5140, "0207000000040");
        try {
            managementService.executeJob(jobAt(pi, "Task_AddTaskCreatedComment").getId());
        } catch (Bitrix24Exception expected) {
            // the job retry takes over
        }
        execute(jobAt(pi, "Task_AddTaskCreatedComment"));

        verify(deals, times(1)).addTimelineComment(4716L, text);
        verify(deals).recentTimelineComments(4716L);
        assertThat(pi).hasPassed("Task_AddTaskCreatedComment").isWaitingAt("Task_WaitForTaskChange");
    }

    @Test
    void aCommentAddedByAJobWhoseTransactionRolledBackIsFoundOnTheDealInsteadOfBeingAddedTwice() {
        String text = "Создана заявка HubEx №0207000000045 (ID 5145).";
        when(deals.addTimelineComment(eq(4721L), anyString())).thenReturn(979L);
        when(deals.recentTimelineComments(4721L)).thenReturn(Map.of(979L, text));

        ProcessInstance pi = cycleAtTaskCreatedComment(4721, 5145, "0207000000045");
        String key = pi.getId() + ":Task_AddTaskCreatedComment";
        String jobId = jobAt(pi, "Task_AddTaskCreatedComment").getId();
        // the add reached the portal, then the job's own transaction failed (at its commit, say)
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            managementService.executeJob(jobId);
            status.setRollbackOnly();
        });
        // the attempt was committed before the add was sent; the mark that it was added went with the job
        assertThat(ledger.entry(key).state()).isEqualTo(CommentLedger.State.TRIED);
        assertThat(pi).isWaitingAt("Task_AddTaskCreatedComment");

        execute(jobAt(pi, "Task_AddTaskCreatedComment"));

        verify(deals, times(1)).addTimelineComment(4721L, text);
        verify(deals).recentTimelineComments(4721L);
        assertThat(ledger.entry(key).state()).isEqualTo(CommentLedger.State.SENT);
        assertThat(pi).hasPassed("Task_AddTaskCreatedComment").isWaitingAt("Task_WaitForTaskChange");
    }

    @Test
    void aCommentWhoseAddFailedIsAddedOnTheRetryWhenTheDealDoesNotShowIt() {
        String text = "Создана заявка HubEx №0207000000041 (ID 5141).";
        when(deals.addTimelineComment(eq(4717L), anyString())).thenThrow(new Bitrix24Exception(
                Bitrix24Exception.Kind.UNAVAILABLE, "crm.timeline.comment.add", "",
                "Bitrix24 crm.timeline.comment.add failed: HTTP 502 - the call will be repeated")).thenReturn(990L);
        // the same text of an earlier cycle is claimed by that cycle's step (recorded in the ledger): not ours
        when(deals.recentTimelineComments(4717L)).thenReturn(Map.of(950L, text));
        ledger.recordSent("an-earlier-cycle:Task_AddTaskCreatedComment", 950L);

        ProcessInstance pi = cycleAtTaskCreatedComment(4717, 5141, "0207000000041");
        try {
            managementService.executeJob(jobAt(pi, "Task_AddTaskCreatedComment").getId());
        } catch (Bitrix24Exception expected) {
            // the job retry takes over
        }
        execute(jobAt(pi, "Task_AddTaskCreatedComment"));

        verify(deals, times(2)).addTimelineComment(4717L, text);
        assertThat(ledger.wasSent(pi.getId() + ":Task_AddTaskCreatedComment")).isTrue();
        assertThat(pi).hasPassed("Task_AddTaskCreatedComment");
    }

    @Test
    void aCommentWithoutAnAnswerIsNotAddedAgainWhileItMayStillLandAtThePortal() throws Exception {
        // a read timeout below the portal's request limit: the add DealFlow gave up on may still run for 1.5 s
        Duration readTimeout = bitrix24.getReadTimeout();
        Duration requestTimeLimit = bitrix24.getRequestTimeLimit();
        bitrix24.setReadTimeout(Duration.ofSeconds(5));
        bitrix24.setRequestTimeLimit(Duration.ofMillis(6500));
        try {
            String text = "Создана заявка HubEx №0207000000042 (ID 5142).";
            when(deals.addTimelineComment(eq(4718L), anyString())).thenThrow(new Bitrix24Exception(
                    Bitrix24Exception.Kind.UNAVAILABLE, "crm.timeline.comment.add", "",
                    "Bitrix24 crm.timeline.comment.add failed: no answer within 5 s - the call will be repeated"));
            // the held add lands only after the first retry has looked
            when(deals.recentTimelineComments(4718L)).thenReturn(Map.of()).thenReturn(Map.of(978L, text));

            ProcessInstance pi = cycleAtTaskCreatedComment(4718, 5142, "0207000000042");
            String key = pi.getId() + ":Task_AddTaskCreatedComment";
            assertThatThrownBy(() -> managementService.executeJob(jobAt(pi, "Task_AddTaskCreatedComment").getId()))
                    .isInstanceOf(Bitrix24Exception.class);
            Instant mayLandUntil = ledger.entry(key).mayLandUntil();
            assertThat(mayLandUntil).isBetween(Instant.now(), Instant.now().plusMillis(1500));

            assertThatThrownBy(() -> managementService.executeJob(jobAt(pi, "Task_AddTaskCreatedComment").getId()))
                    .isInstanceOf(Bitrix24Exception.class)
                    .hasMessageContaining("may still land until " + mayLandUntil);
            verify(deals, times(1)).addTimelineComment(4718L, text);

            Thread.sleep(Math.max(0, Duration.between(Instant.now(), mayLandUntil).toMillis() + 50));
            execute(jobAt(pi, "Task_AddTaskCreatedComment"));

            verify(deals, times(1)).addTimelineComment(4718L, text);
            verify(deals, times(2)).recentTimelineComments(4718L);
            assertThat(ledger.entry(key).state()).isEqualTo(CommentLedger.State.SENT);
            assertThat(pi).hasPassed("Task_AddTaskCreatedComment").isWaitingAt("Task_WaitForTaskChange");
        } finally {
            bitrix24.setReadTimeout(readTimeout);
            bitrix24.setRequestTimeLimit(requestTimeLimit);
        }
    }

    @Test
    void aCommentWhoseNodeDiedWaitingIsNotAddedAgainBeforeThePortalCanHaveFinishedIt() {
        when(deals.recentTimelineComments(4719L)).thenReturn(Map.of());

        ProcessInstance pi = cycleAtTaskCreatedComment(4719, 5143, "0207000000043");
        // what a node leaves behind that died after handing the add over: the attempt and its longest bound
        String key = pi.getId() + ":Task_AddTaskCreatedComment";
        ledger.recordTried(key, Instant.now().plus(bitrix24.mayTakeEffectWithin()));

        assertThatThrownBy(() -> managementService.executeJob(jobAt(pi, "Task_AddTaskCreatedComment").getId()))
                .isInstanceOf(Bitrix24Exception.class).hasMessageContaining("may still land until");
        verify(deals, never()).addTimelineComment(anyLong(), anyString());
        assertThat(bitrix24.mayTakeEffectWithin()).isEqualTo(bitrix24.getRateLimit().getMaxWait()
                .plus(bitrix24.getRequestTimeLimit()));
    }

    @Test
    void aRefusedCommentIsAddedOnTheFirstRetry() {
        Duration readTimeout = bitrix24.getReadTimeout();
        bitrix24.setReadTimeout(Duration.ofSeconds(5));
        try {
            String text = "Создана заявка HubEx №0207000000044 (ID 5144).";
            // the portal answered with a refusal: nothing can land later, so the short read timeout does not matter
            when(deals.addTimelineComment(eq(4720L), anyString())).thenThrow(new Bitrix24Exception(
                    Bitrix24Exception.Kind.RATE_LIMITED, "crm.timeline.comment.add", "QUERY_LIMIT_EXCEEDED",
                    "Bitrix24 crm.timeline.comment.add refused: QUERY_LIMIT_EXCEEDED")).thenReturn(991L);
            when(deals.recentTimelineComments(4720L)).thenReturn(Map.of());

            ProcessInstance pi = cycleAtTaskCreatedComment(4720, 5144, "0207000000044");
            assertThatThrownBy(() -> managementService.executeJob(jobAt(pi, "Task_AddTaskCreatedComment").getId()))
                    .isInstanceOf(Bitrix24Exception.class);
            execute(jobAt(pi, "Task_AddTaskCreatedComment"));

            verify(deals, times(2)).addTimelineComment(4720L, text);
            assertThat(pi).hasPassed("Task_AddTaskCreatedComment");
        } finally {
            bitrix24.setReadTimeout(readTimeout);
        }
    }

    @Test
    void carriesTextsLongerThanAStringVariableThroughTheCycle() throws Exception {
        String longComment = "Подробное описание неисправности. ".repeat(200);
        DealParties parties = dealWithContact();
        ((com.fasterxml.jackson.databind.node.ObjectNode) parties.deal().fields()).put("COMMENTS", longComment);
        when(deals.loadWithParties(4714)).thenReturn(parties);
        when(hubex.createTask(anyString(), any())).thenReturn(new CreatedTask(6001, "0207000000009"));

        ProcessInstance pi = start("4714", 1);
        execute(jobAt(pi, "Task_LoadDeal"));
        execute(jobAt(pi, "Task_CreateHubexTask"));

        @SuppressWarnings("unchecked")
        ArgumentCaptor<Map<String, Object>> body = ArgumentCaptor.forClass(Map.class);
        verify(hubex).createTask(anyString(), body.capture());
        assertThat((String) body.getValue().get("notes")).hasSizeGreaterThan(6000).endsWith("неисправности.");
        assertThat(pi).isWaitingAt("Task_WriteTaskNumber", "Task_WaitForTaskChange");
    }

    @Test
    void aTaskCancelledInHubexMovesTheDealToTheCancellationStageAndEndsTheCycle() throws Exception {
        when(deals.loadWithParties(4715)).thenReturn(dealWithContact());
        when(hubex.createTask(anyString(), any())).thenReturn(new CreatedTask(6101, "0207000000042"));
        when(hubex.getTask(6101)).thenReturn(json("{\"number\":\"0207000000042\","
                + "\"taskStage\":{\"id\":9,\"name\":\"Отменена\"}}"));

        ProcessInstance pi = start("4715", 1);
        execute(jobAt(pi, "Task_LoadDeal"));
        execute(jobAt(pi, "Task_CreateHubexTask"));
        correlateTaskChanged(pi);
        execute(jobAt(pi, "Task_ReadTaskStatus"));
        execute(jobAt(pi, "Task_MoveDealOnTaskCancelled"));
        execute(jobAt(pi, "Task_AddTaskCancelledComment"));

        verify(deals).updateDeal(4715L, Map.of("STAGE_ID", "C1:LOSE"));
        verify(deals).addTimelineComment(eq(4715L), org.mockito.ArgumentMatchers.contains("отменена в HubEx (стадия «Отменена»)"));
        assertThat(pi).isEnded().hasPassed("EndEvent_TaskCancelled").hasNotPassed("Task_ReadTaskResult",
                "Task_WriteTaskNumber");
        verify(hubex, never()).conversations(anyLong());
    }

    @Test
    void logsEachBusinessStepOnceWithDealProcessInstanceAndHubexTask(CapturedOutput output) throws Exception {
        when(deals.loadWithParties(4716)).thenReturn(dealWithContact());
        when(hubex.createTask(anyString(), any())).thenReturn(new CreatedTask(6201, "0207000000077"));
        when(hubex.getTask(6201)).thenReturn(json("{\"number\":\"0207000000077\","
                + "\"taskStage\":{\"id\":9,\"name\":\"Отменена\"}}"));

        ProcessInstance pi = start("4716", 1);
        for (String step : List.of("Task_LoadDeal", "Task_CreateHubexTask", "Task_WriteTaskNumber",
                "Task_AddTaskCreatedComment")) {
            execute(jobAt(pi, step));
        }
        correlateTaskChanged(pi);
        for (String step : List.of("Task_ReadTaskStatus", "Task_MoveDealOnTaskCancelled",
                "Task_AddTaskCancelledComment")) {
            execute(jobAt(pi, step));
        }

        String context = "deal=4716 pi=" + pi.getId() + " ";
        List<String> lines = output.getAll().lines().filter(line -> line.contains(context)).toList();
        assertThat(lines).as("lines of this cycle").isNotEmpty();
        assertThat(line(lines, "Step \"Load deal with contact and company\" done")).doesNotContain("hubexTask=");
        assertThat(line(lines, "Deal 4716: HubEx task 6201 (№0207000000077) created")).contains(context);
        for (String step : List.of("Step \"Create HubEx task\" done", "Step \"Write task number to the deal\" done",
                "Received: \"Wait for HubEx task change\"", "Step \"Read HubEx task status\" done",
                "Step \"Move deal to the cancellation stage\" done", "Ended at \"Task cancelled in HubEx\"")) {
            assertThat(line(lines, step)).as(step).contains(context + "hubexTask=6201 ");
        }
    }

    /** The one log line of this cycle that says {@code text}. */
    private static String line(List<String> lines, String text) {
        List<String> found = lines.stream().filter(line -> line.contains(text)).toList();
        assertThat(found).as("log lines saying %s", text).hasSize(1);
        return found.get(0);
    }

    @Test
    void aTaskHubexNoLongerKnowsCountsAsDeletedAndEndsTheCycle() {
        when(deals.loadWithParties(4716)).thenReturn(dealWithContact());
        when(hubex.createTask(anyString(), any())).thenReturn(new CreatedTask(6102, "0207000000043"));
        when(hubex.getTask(6102)).thenThrow(new HubexException(HubexException.Kind.NOT_FOUND, 404,
                "HubEx: could not read task 6102: HTTP 404 - the record does not exist in HubEx"));

        ProcessInstance pi = start("4716", 1);
        execute(jobAt(pi, "Task_LoadDeal"));
        execute(jobAt(pi, "Task_CreateHubexTask"));
        correlateTaskChanged(pi);
        execute(jobAt(pi, "Task_ReadTaskStatus"));
        execute(jobAt(pi, "Task_MoveDealOnTaskCancelled"));
        execute(jobAt(pi, "Task_AddTaskCancelledComment"));

        verify(deals).updateDeal(4716L, Map.of("STAGE_ID", "C1:LOSE"));
        verify(deals).addTimelineComment(4716L, "Заявка HubEx №0207000000043 удалена в HubEx."
                + " Сервисный цикл сделки завершён.");
        assertThat(pi).isEnded().hasPassedInOrder("Task_ReadTaskStatus", "EndEvent_TaskDone", "Gateway_TaskCompleted",
                "Task_MoveDealOnTaskCancelled", "Task_AddTaskCancelledComment", "EndEvent_TaskCancelled");
        assertThat(runtimeService.createIncidentQuery().processInstanceId(pi.getId()).count()).isZero();
    }

    /** A cycle whose task was created and its number written: its next job adds the "task created" comment. */
    private ProcessInstance cycleAtTaskCreatedComment(long dealId, long taskId, String taskNumber) {
        when(deals.loadWithParties(dealId)).thenReturn(dealWithContact());
        when(hubex.createTask(anyString(), any())).thenReturn(new CreatedTask(taskId, taskNumber));
        ProcessInstance pi = start(String.valueOf(dealId), 1);
        execute(jobAt(pi, "Task_LoadDeal"));
        execute(jobAt(pi, "Task_CreateHubexTask"));
        execute(jobAt(pi, "Task_WriteTaskNumber"));
        return pi;
    }

    private ProcessInstance start(String dealId, int categoryId) {
        return runtimeService.startProcessInstanceByKey(ProcessConstants.PROCESS_KEY, dealId,
                Map.of("dealId", dealId, "dealCategoryId", categoryId, "dealStageId", "C1:UC_SERVICE"));
    }

    private void correlateTaskChanged(ProcessInstance pi) {
        runtimeService.createMessageCorrelation(ProcessConstants.MESSAGE_TASK_CHANGED)
                .processInstanceId(pi.getId()).correlateWithResult();
    }

    private Job jobAt(ProcessInstance pi, String activityId) {
        List<Job> jobs = jobsAt(pi, activityId);
        assertThat(jobs).as("job at " + activityId).hasSize(1);
        return jobs.get(0);
    }

    private List<Job> jobsAt(ProcessInstance pi, String activityId) {
        return managementService.createJobQuery().processInstanceId(pi.getId()).activityId(activityId).list();
    }

    private static DealParties dealWithContact() {
        try {
            Deal deal = new Deal(JSON.readTree("{\"ID\":\"4711\",\"TITLE\":\"Замена насоса\",\"CATEGORY_ID\":\"1\","
                    + "\"STAGE_ID\":\"C1:UC_SERVICE\",\"COMMENTS\":\"[b]Клиент просит утро[/b]\",\"CONTACT_ID\":\"214\","
                    + "\"COMPANY_ID\":\"0\"}"));
            JsonNode contact = JSON.readTree("{\"ID\":\"214\",\"NAME\":\"Ирина\",\"LAST_NAME\":\"Петрова\","
                    + "\"PHONE\":[{\"ID\":\"1\",\"VALUE_TYPE\":\"MOBILE\",\"VALUE\":\"+79001234567\",\"TYPE_ID\":\"PHONE\"}],"
                    + "\"EMAIL\":[{\"ID\":\"2\",\"VALUE_TYPE\":\"WORK\",\"VALUE\":\"i.petrova@example.ru\","
                    + "\"TYPE_ID\":\"EMAIL\"}]}");
            return new DealParties(deal, Optional.of(contact), Optional.empty());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
