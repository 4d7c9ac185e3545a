package io.dealflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.dealflow.hubex.HubexWebhookHealth;
import io.dealflow.reconciliation.CursorStore;
import io.dealflow.reconciliation.DealStageReconciler;
import io.dealflow.reconciliation.HubexTaskReconciler;
import io.dealflow.reconciliation.OpenHubexTaskCheck;
import io.dealflow.reconciliation.ReconciliationSchedule;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.transaction.support.TransactionTemplate;

/** The reconciliation process: a timer that starts a run, which finds missed stage entries, then completions. */
@SpringBootTest
@ActiveProfiles("test")
class ReconciliationProcessTest {

    @Autowired ProcessEngine processEngine;
    @Autowired RuntimeService runtimeService;
    @Autowired ManagementService managementService;
    @Autowired HistoryService historyService;
    @Autowired ReconciliationSchedule schedule;
    @Autowired CursorStore cursors;
    @Autowired TransactionTemplate transaction;
    @MockitoBean DealStageReconciler deals;
    @MockitoBean HubexTaskReconciler tasks;
    @MockitoBean HubexWebhookHealth webhookHealth;
    @MockitoBean OpenHubexTaskCheck openTasks;
    @Autowired CycleRegistry cycles;

    @BeforeEach
    void setUp() {
        init(processEngine);
        when(deals.run()).thenReturn(new DealStageReconciler.Result(3, 2, false));
        when(tasks.run()).thenReturn(new HubexTaskReconciler.Result(5, 1, false));
        when(openTasks.run()).thenReturn(new OpenHubexTaskCheck.Result(4, 2, List.of(77L)));
    }

    private Job timer() {
        return managementService.createJobQuery().processDefinitionKey(ReconciliationSchedule.PROCESS_KEY).timers()
                .singleResult();
    }

    @Test
    void theTimerRunsEveryFiveMinutesByDefault() {
        assertThat(schedule.getCycle()).isEqualTo("R/PT5M");
        Job timer = timer();
        assertThat(timer).as("the timer of the reconciliation process").isNotNull();
        assertThat(timer.isSuspended()).isFalse();
        Duration untilDue = Duration.between(Instant.now(), timer.getDuedate().toInstant());
        assertThat(untilDue).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5).plusSeconds(1));
    }

    @Test
    void aTimerRunFindsDealsThenHubexTasksAndEnds() {
        String previousTimer = timer().getId();
        execute(timer());

        ProcessInstance run = runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(ReconciliationSchedule.PROCESS_KEY).active().singleResult();
        assertThat(run).isWaitingAt("Task_FindDealsInServiceStage");
        assertThat(timer().getId()).as("the timer is set again for the next run").isNotEqualTo(previousTimer);

        execute(jobAt(run, "Task_FindDealsInServiceStage"));
        assertThat(run).isWaitingAt("Task_FindCompletedHubexTasks");
        execute(jobAt(run, "Task_FindCompletedHubexTasks"));
        assertThat(run).isWaitingAt("Task_CheckOpenHubexTasks");
        execute(jobAt(run, "Task_CheckOpenHubexTasks"));

        assertThat(run).isEnded().hasPassedInOrder("StartEvent_ReconciliationDue", "Task_FindDealsInServiceStage",
                "Task_FindCompletedHubexTasks", "Task_CheckOpenHubexTasks", "EndEvent_ReconciliationDone");
        InOrder order = inOrder(deals, tasks, webhookHealth, openTasks);
        order.verify(deals).run();
        order.verify(tasks).run();
        order.verify(webhookHealth).check();
        order.verify(openTasks).run();
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(run.getId()).list())
                .extracting(v -> v.getName() + "=" + v.getValue())
                .contains("dealsHandedToDispatcher=2", "hubexTasksHandedToCorrelator=1", "hubexOpenTasksChecked=4",
                        "hubexClosedTasksHandedToCorrelator=2");
    }

    @Test
    void aRunCanBeStartedByHandAndEachStepIsRetriedWithItsSystemsProfile() {
        when(deals.run()).thenThrow(new IllegalStateException("Bitrix24 unreachable"));
        ProcessInstance run = runtimeService.startProcessInstanceByKey(ReconciliationSchedule.PROCESS_KEY);

        Job job = jobAt(run, "Task_FindDealsInServiceStage");
        try {
            managementService.executeJob(job.getId());
        } catch (IllegalStateException expected) {
            // the job failed and is retried later
        }
        // dealflow.retry.bitrix24 in the test profile: four intervals, five attempts
        assertThat(managementService.createJobQuery().jobId(job.getId()).singleResult().getRetries()).isEqualTo(4);
        runtimeService.deleteProcessInstance(run.getId(), "test done");
    }

    @Test
    void cursorsStartEmptyAndKeepWhatARunSaved() {
        String name = "test.cursor." + System.nanoTime();
        java.util.Optional<String> before = transaction.execute(status -> cursors.lock(name));
        assertThat(before).isEmpty();
        transaction.executeWithoutResult(status -> {
            cursors.lock(name);
            cursors.save(name, "4711");
        });
        java.util.Optional<String> after = transaction.execute(status -> cursors.lock(name));
        assertThat(after).hasValue("4711");
        assertThat(cursors.read(CursorStore.BITRIX24_STAGE_HISTORY)).as("created by the migration, never run")
                .isEmpty();
    }

    @Test
    void theOpenTasksReadLeastRecentlyComeFirst() {
        String prefix = "pi-check-" + System.nanoTime() + "-";
        long deal = System.nanoTime() % 1_000_000_000L;
        for (int i = 1; i <= 4; i++) {
            cycles.register(deal + i, "C1:UC_SERVICE", "2026-08-28T10:00:0" + i, prefix + i, null);
        }
        cycles.attachTask(prefix + 1, deal * 10 + 1);
        cycles.attachTask(prefix + 2, deal * 10 + 2);
        cycles.attachTask(prefix + 3, deal * 10 + 3);
        // cycle 4 has no task yet: nothing to check
        cycles.markTaskChecked(deal * 10 + 1, Instant.parse("2026-08-28T12:00:00Z"));
        cycles.markTaskChecked(deal * 10 + 2, Instant.parse("2026-08-28T11:00:00Z"));

        List<CycleRegistry.OpenTask> due = cycles.tasksToCheck(
                List.of(prefix + 1, prefix + 2, prefix + 3, prefix + 4, "pi-elsewhere"), 2);

        assertThat(due).extracting(CycleRegistry.OpenTask::hubexTaskId).containsExactly(deal * 10 + 3, deal * 10 + 2);
        assertThat(due.get(1).checkedAt()).isEqualTo(Instant.parse("2026-08-28T11:00:00Z"));
    }

    private Job jobAt(ProcessInstance pi, String activityId) {
        List<Job> jobs = managementService.createJobQuery().processInstanceId(pi.getId()).activityId(activityId)
                .list();
        assertThat(jobs).as("job at " + activityId).hasSize(1);
        return jobs.get(0);
    }
}
