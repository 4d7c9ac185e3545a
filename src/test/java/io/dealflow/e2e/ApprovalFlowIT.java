package io.dealflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.dealflow.support.EndToEndTestBase;
import io.dealflow.support.Eventually;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The sandbox's general pipeline runs deal-service-with-approval (dealflow.trigger.processes.0). */
class ApprovalFlowIT extends EndToEndTestBase {

    @Autowired TaskService taskService;

    @Test
    void aDealOfTheGeneralPipelineWaitsForApprovalAndThenGetsItsTask() {
        String contact = bitrix24.createContact("Анна", "Ким", List.of("+79001112233"), List.of());
        String dealId = bitrix24.createDeal("Монтаж котла", "", 0, "NEW", contact, null, Map.of());
        bitrix24.moveDealToStage(dealId, "UC_SERVICE");

        Eventually.await("the approval task", TIMEOUT, () -> approvalOf(dealId) != null);
        assertThat(tasksOf(dealId)).as("nothing is created before the approval").isEmpty();
        taskService.complete(approvalOf(dealId).getId(), Map.of("approval", "approve"));

        Eventually.await("the HubEx task", TIMEOUT, () -> tasksOf(dealId).size() == 1);
        assertThat(tasksOf(dealId).get(0).taskTypeId()).as("task-classification.dmn: pipeline 0").isEqualTo(11);
        Eventually.await("the cycle to wait for the task", TIMEOUT, () -> waitingForTask(dealId));
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey("deal-service-with-approval")
                .processInstanceBusinessKey(dealId).count()).isEqualTo(1);
    }

    private Task approvalOf(String dealId) {
        return taskService.createTaskQuery().processInstanceBusinessKey(dealId).taskName("Approve the service visit")
                .singleResult();
    }
}
