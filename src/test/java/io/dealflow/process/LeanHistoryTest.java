package io.dealflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;

import io.dealflow.bitrix24.Bitrix24Exception;
import io.dealflow.bitrix24.DealGateway;
import io.dealflow.hubex.HubexClient;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricJobLog;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/** What the lean history keeps and what it leaves out, on a real engine (ADR 0014). */
@SpringBootTest
@ActiveProfiles("test")
class LeanHistoryTest {

    @Autowired ProcessEngine processEngine;
    @Autowired RuntimeService runtimeService;
    @Autowired ManagementService managementService;
    @Autowired HistoryService historyService;
    @Autowired IdentityService identityService;
    @MockitoBean DealGateway deals;
    @MockitoBean HubexClient hubex;

    @BeforeEach
    void setUp() {
        init(processEngine);
    }

    @Test
    void keepsFailedJobRunsButNotTheRoutineEntriesOfCreatedAndSucceededJobs() {
        when(deals.loadWithParties(4730)).thenThrow(new Bitrix24Exception(Bitrix24Exception.Kind.UNAVAILABLE,
                "batch", "", "Bitrix24 batch failed: HTTP 502 - the call will be repeated")).thenThrow(
                new Bitrix24Exception(Bitrix24Exception.Kind.NOT_FOUND, "crm.deal.get", "NOT_FOUND", "Not found"));
        ProcessInstance pi = start("4730");
        String jobId = managementService.createJobQuery().processInstanceId(pi.getId()).singleResult().getId();

        assertThatThrownBy(() -> managementService.executeJob(jobId)).isInstanceOf(Bitrix24Exception.class);
        managementService.executeJob(jobId);

        assertThat(pi).hasPassedInOrder("Task_LoadDeal", "EndEvent_DealGone").isEnded();
        List<HistoricJobLog> log = historyService.createHistoricJobLogQuery().processInstanceId(pi.getId()).list();
        assertThat(log).hasSize(1);
        assertThat(log.get(0).isFailureLog()).isTrue();
        assertThat(log.get(0).getJobExceptionMessage()).contains("HTTP 502");
        assertThat(historyService.getHistoricJobLogExceptionStacktrace(log.get(0).getId())).contains("Bitrix24Exception");
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(pi.getId())
                .activityId("Task_LoadDeal").count()).isEqualTo(1);
    }

    @Test
    void keepsEveryVariableAndTheEarlierValuesOnlyOfThoseAPersonChanged() {
        ProcessInstance pi = start("4731");
        runtimeService.setVariable(pi.getId(), "dealTitle", "written by the engine");

        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
                .variableName("dealTitle").singleResult().getValue()).isEqualTo("written by the engine");
        assertThat(historyService.createHistoricDetailQuery().processInstanceId(pi.getId()).variableUpdates().count())
                .isZero();

        identityService.setAuthenticatedUserId("operator");
        try {
            runtimeService.setVariable(pi.getId(), "dealTitle", "corrected by an operator");
        } finally {
            identityService.clearAuthentication();
        }
        assertThat(historyService.createHistoricDetailQuery().processInstanceId(pi.getId()).variableUpdates().list())
                .singleElement().satisfies(detail -> assertThat(detail.getUserOperationId()).isNotNull());
        assertThat(historyService.createUserOperationLogQuery().processInstanceId(pi.getId())
                .userId("operator").count()).isPositive();
    }

    private ProcessInstance start(String dealId) {
        return runtimeService.startProcessInstanceByKey(ProcessConstants.PROCESS_KEY, dealId,
                Map.of("dealId", dealId, "dealCategoryId", 1, "dealStageId", "C1:UC_SERVICE"));
    }
}
