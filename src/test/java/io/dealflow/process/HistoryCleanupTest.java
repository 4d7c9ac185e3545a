package io.dealflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Map;

import io.dealflow.support.RunningServiceTest;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The history cleanup that application.yml configures (history-time-to-live P180D, window 22:00-06:00, by end
 * time): the engine schedules its job inside the window, a process without a time-to-live of its own gets 180
 * days, and a run of the job removes the history of instances that ended more than 180 days ago - and only those,
 * never a running one. The end of an instance leaves its history rows as they are (ADR 0015).
 */
@RunningServiceTest
class HistoryCleanupTest {

    @Autowired ProcessEngine processEngine;
    @Autowired HistoryService historyService;
    @Autowired ManagementService managementService;
    @Autowired RepositoryService repositoryService;
    @Autowired RuntimeService runtimeService;

    @AfterEach
    void realTime() {
        ClockUtil.reset();
    }

    @Test
    void theCleanupJobIsScheduledInsideTheConfiguredWindow() {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
        assertThat(configuration.getHistoryCleanupBatchWindowStartTime()).isEqualTo("22:00");
        assertThat(configuration.getHistoryCleanupBatchWindowEndTime()).isEqualTo("06:00");

        List<Job> jobs = historyService.findHistoryCleanupJobs();

        assertThat(jobs).as("history cleanup jobs").isNotEmpty();
        for (Job job : jobs) {
            LocalTime due = job.getDuedate().toInstant().atZone(ZoneId.systemDefault()).toLocalTime();
            assertThat(!due.isBefore(LocalTime.of(22, 0)) || due.isBefore(LocalTime.of(6, 0)))
                    .as("the cleanup job is due at %s, inside 22:00-06:00", due).isTrue();
            assertThat(job.getRetries()).isPositive();
        }
    }

    @Test
    void aRunRemovesTheHistoryOfInstancesEndedMoreThan180DaysAgo() {
        String key = "history-cleanup-probe";
        repositoryService.createDeployment().name(key)
                .addModelInstance(key + ".bpmn", Bpmn.createExecutableProcess(key).startEvent().endEvent().done())
                .deploy();
        assertThat(repositoryService.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion()
                .singleResult().getHistoryTimeToLive()).as("the default time-to-live, in days").isEqualTo(180);
        String waitingKey = key + "-waiting";
        repositoryService.createDeployment().name(waitingKey).addModelInstance(waitingKey + ".bpmn",
                Bpmn.createExecutableProcess(waitingKey).startEvent().receiveTask().message("never").endEvent().done())
                .deploy();
        Instant now = Instant.now();
        String expired = endedAt(key, now.minus(Duration.ofDays(181)));
        String kept = endedAt(key, now.minus(Duration.ofDays(179)));
        String running = endedAt(waitingKey, now.minus(Duration.ofDays(400)));

        Job cleanup = historyService.cleanUpHistoryAsync(true);
        managementService.executeJob(cleanup.getId());

        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(expired).count()).isZero();
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(kept).count()).isOne();
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(running).count())
                .as("started 400 days ago and still running").isOne();
    }

    @Test
    void theEndOfAnInstanceDoesNotStampARemovalTimeOnItsHistory() {
        String key = "removal-time-probe";
        repositoryService.createDeployment().name(key).addModelInstance(key + ".bpmn",
                Bpmn.createExecutableProcess(key).startEvent().userTask("Wait").endEvent().done()).deploy();
        String instance = runtimeService.startProcessInstanceByKey(key, Map.of("note", "kept as written")).getId();
        processEngine.getTaskService().complete(processEngine.getTaskService().createTaskQuery()
                .processInstanceId(instance).singleResult().getId());

        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult())
                .satisfies(p -> assertThat(p.getEndTime()).isNotNull())
                .satisfies(p -> assertThat(p.getRemovalTime()).isNull());
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instance).list())
                .hasSize(3).allSatisfy(a -> assertThat(a.getRemovalTime()).isNull());
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(instance).singleResult()
                .getRemovalTime()).isNull();
    }

    private String endedAt(String key, Instant when) {
        ClockUtil.setCurrentTime(Date.from(when));
        try {
            return runtimeService.startProcessInstanceByKey(key).getId();
        } finally {
            ClockUtil.reset();
        }
    }
}
