package io.dealflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.mockito.Mockito.when;

import java.util.Map;

import io.dealflow.bitrix24.Bitrix24Exception;
import io.dealflow.bitrix24.DealGateway;
import io.dealflow.hubex.HubexClient;
import io.dealflow.reconciliation.ReconciliationSchedule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/** How cycles end, as the metrics count it, with no change to the BPMN (the completed path: MetricsIT). */
@SpringBootTest
@ActiveProfiles("test")
class CycleEndMetricsTest {

    @Autowired ProcessEngine processEngine;
    @Autowired RuntimeService runtimeService;
    @Autowired ManagementService managementService;
    @Autowired MeterRegistry registry;
    @MockitoBean DealGateway deals;
    @MockitoBean HubexClient hubex;

    @BeforeEach
    void setUp() {
        init(processEngine);
    }

    @Test
    void aCycleThatEndsOnAPathWithoutACompletedTaskCountsAsCancelledAtItsEndEvent() {
        double before = cancelled("EndEvent_DealGone");
        when(deals.loadWithParties(4801)).thenThrow(new Bitrix24Exception(Bitrix24Exception.Kind.NOT_FOUND,
                "crm.deal.get", "", "Not found"));

        ProcessInstance pi = start("4801");
        execute(managementService.createJobQuery().processInstanceId(pi.getId()).singleResult());

        assertThat(pi).isEnded().hasPassed("EndEvent_DealGone");
        assertThat(cancelled("EndEvent_DealGone")).isEqualTo(before + 1);
    }

    @Test
    void aCycleAnOperatorDeletesCountsAsCancelledEvenWhenCustomListenersAreSkipped() {
        double before = cancelled(CycleEndMetrics.DELETED);
        double completedBefore = completed();
        ProcessInstance pi = start("4802");

        runtimeService.deleteProcessInstance(pi.getId(), "cancelled in Cockpit", true);

        assertThat(cancelled(CycleEndMetrics.DELETED)).isEqualTo(before + 1);
        assertThat(completed()).isEqualTo(completedBefore);
    }

    @Test
    void aDeletedCycleIsCountedOnceWhenListenersRun() {
        double before = cancelled(CycleEndMetrics.DELETED);
        ProcessInstance pi = start("4803");

        runtimeService.deleteProcessInstance(pi.getId(), "cancelled by the REST API", false);

        assertThat(cancelled(CycleEndMetrics.DELETED)).isEqualTo(before + 1);
    }

    @Test
    void aProcessWithoutBusinessKeyIsNoCycle() {
        double before = registry.find("dealflow.cycles.cancelled").counters().stream()
                .mapToDouble(Counter::count).sum();
        ProcessInstance run = runtimeService.startProcessInstanceByKey(ReconciliationSchedule.PROCESS_KEY);
        runtimeService.deleteProcessInstance(run.getId(), "test", false);

        assertThat(registry.find("dealflow.cycles.cancelled").counters().stream().mapToDouble(Counter::count).sum())
                .isEqualTo(before);
    }

    @Test
    void processKeysAreReadFromDefinitionIds() {
        assertThat(CycleEndMetrics.keyOf("deal-service-cycle:3:8f2c")).isEqualTo("deal-service-cycle");
        assertThat(CycleEndMetrics.keyOf("reconciliation")).isEqualTo("reconciliation");
    }

    private ProcessInstance start(String dealId) {
        return runtimeService.startProcessInstanceByKey(ProcessConstants.PROCESS_KEY, dealId,
                Map.of("dealId", dealId, "dealCategoryId", 1, "dealStageId", "C1:UC_SERVICE"));
    }

    private double cancelled(String reason) {
        Counter counter = registry.find("dealflow.cycles.cancelled").tag("process", ProcessConstants.PROCESS_KEY)
                .tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double completed() {
        Counter counter = registry.find("dealflow.cycles.completed").counter();
        return counter == null ? 0 : counter.count();
    }
}
