package io.dealflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.bitrix24.Deal;
import io.dealflow.bitrix24.DealGateway;
import io.dealflow.bitrix24.DealParties;
import io.dealflow.hubex.HubexClient;
import io.dealflow.hubex.HubexClient.CreatedTask;
import io.dealflow.process.CycleRegistry;
import io.dealflow.process.CycleStarter;
import io.dealflow.support.Eventually;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * HubEx task events handed from the inbox to the waiting cycle by the correlator's own loop, against the engine and
 * the cycle registry: a delivered change and the deletion of its events commit together.
 */
@SpringBootTest(properties = "dealflow.inbox.task-event-coalesce-delay=1s")
@ActiveProfiles("test")
class TaskEventCorrelatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Autowired ProcessEngine processEngine;
    @Autowired RuntimeService runtimeService;
    @Autowired ManagementService managementService;
    @Autowired CycleStarter starter;
    @Autowired CycleRegistry cycles;
    @Autowired JdbcTemplate jdbc;
    @MockitoSpyBean TaskEventInbox inbox;
    @MockitoBean DealGateway deals;
    @MockitoBean HubexClient hubex;

    private static long nextDeal = 770_000 + System.nanoTime() % 100_000;

    @BeforeEach
    void setUp() {
        init(processEngine);
    }

    @Test
    void aChangeReachesTheWaitingCycleOnceAndItsStoredEventsAreGone() throws Exception {
        long taskId = 91_000 + nextDeal % 1000;
        ProcessInstance pi = cycleWaitingForTask(nextDeal++, taskId);

        inbox.record(List.of(taskId, taskId));

        Eventually.await("the cycle told", PATIENCE, () -> jobsAt(pi, "Task_ReadTaskStatus") == 1);
        assertThat(pendingEventsOf(taskId)).isZero();
        assertThat(cycles.taskEventReceivedAt(pi.getId())).isPresent();
    }

    @Test
    void theCallsOfOneCompletionArriveAsOneChange() throws Exception {
        long taskId = 93_000 + nextDeal % 1000;
        ProcessInstance pi = cycleWaitingForTask(nextDeal++, taskId);

        // HubEx calls once per change: the technician's assignment, chat comment and completion, moments apart
        inbox.record(List.of(taskId));
        Thread.sleep(50);
        inbox.record(List.of(taskId));
        Thread.sleep(50);
        inbox.record(List.of(taskId));

        Eventually.await("the cycle told", PATIENCE, () -> jobsAt(pi, "Task_ReadTaskStatus") == 1);
        // told once for all three: none of them is left to be retried while the cycle reads the task
        assertThat(pendingEventsOf(taskId)).isZero();
        verify(inbox, times(1)).done(argThat(task -> task.hubexTaskId() == taskId));
    }

    @Test
    void whenTheEventsCannotBeDeletedTheCycleIsNotToldEither() throws Exception {
        long taskId = 92_000 + nextDeal % 1000;
        ProcessInstance pi = cycleWaitingForTask(nextDeal++, taskId);
        doThrow(new QueryTimeoutException("the database did not answer in time")).when(inbox).done(any());

        inbox.record(List.of(taskId));

        // the deletion fails after the correlation, inside its transaction: the correlation is rolled back with it
        Eventually.await("a delivery attempted", PATIENCE, () -> mockingDetails(inbox).getInvocations().stream()
                .anyMatch(call -> call.getMethod().getName().equals("done")));
        assertThat(jobsAt(pi, "Task_ReadTaskStatus")).isZero();
        assertThat(pi).isWaitingAt("Task_WaitForTaskChange");
        assertThat(pendingEventsOf(taskId)).isEqualTo(1);
        assertThat(cycles.taskEventReceivedAt(pi.getId())).isEmpty();

        doCallRealMethod().when(inbox).done(any());
        inbox.record(List.of());

        Eventually.await("the cycle told", PATIENCE, () -> jobsAt(pi, "Task_ReadTaskStatus") == 1);
        assertThat(pendingEventsOf(taskId)).isZero();
    }

    /** A cycle started like the dispatcher starts one, driven until its HubEx task exists and it waits for changes. */
    private ProcessInstance cycleWaitingForTask(long dealId, long taskId) throws Exception {
        Deal deal = new Deal(JSON.readTree("{\"ID\": \"" + dealId + "\", \"TITLE\": \"Сделка " + dealId + "\","
                + " \"STAGE_ID\": \"C1:UC_SERVICE\", \"CATEGORY_ID\": \"1\", \"CONTACT_ID\": \"214\","
                + " \"COMPANY_ID\": \"0\", \"MOVED_TIME\": \"2026-11-29T10:00:00+03:00\"}"));
        when(deals.loadWithParties(dealId)).thenReturn(new DealParties(deal, Optional.of(JSON.readTree(
                "{\"ID\":\"214\",\"NAME\":\"Ирина\",\"LAST_NAME\":\"Петрова\",\"PHONE\":[{\"ID\":\"1\","
                        + "\"VALUE_TYPE\":\"MOBILE\",\"VALUE\":\"+79001234567\",\"TYPE_ID\":\"PHONE\"}]}")),
                Optional.empty()));
        when(hubex.createTask(anyString(), any())).thenReturn(new CreatedTask(taskId, "02070000" + taskId));
        assertThat(starter.startIfNew(deal, Instant.now())).isEqualTo(CycleStarter.Outcome.STARTED);
        ProcessInstance pi = runtimeService.createProcessInstanceQuery()
                .processInstanceBusinessKey(String.valueOf(dealId)).singleResult();
        execute(job("Task_LoadDeal", pi));
        execute(job("Task_CreateHubexTask", pi));
        assertThat(pi).isWaitingAt("Task_WaitForTaskChange");
        assertThat(cycles.processOfTask(taskId)).contains(pi.getId());
        return pi;
    }

    private int pendingEventsOf(long taskId) {
        Integer count = jdbc.queryForObject("select count(*) from dealflow_task_event where hubex_task_id = ?"
                + " and status = ?", Integer.class, taskId, TaskEventInbox.PENDING);
        return count == null ? 0 : count;
    }

    private long jobsAt(ProcessInstance pi, String activityId) {
        return managementService.createJobQuery().processInstanceId(pi.getId()).activityId(activityId).count();
    }
}
