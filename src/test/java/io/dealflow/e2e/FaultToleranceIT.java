package io.dealflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.dealflow.sandbox.hubex.HubexAccessTokens;
import io.dealflow.sandbox.hubex.HubexWebhookSender;
import io.dealflow.support.EndToEndTestBase;
import io.dealflow.support.Eventually;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Bitrix24 and HubEx failing in the ways they do: retried, never duplicated, readable when it gives up. */
class FaultToleranceIT extends EndToEndTestBase {

    private static final String CREATE_TASK = "POST /fsm/WORK/Tasks";

    @Autowired ManagementService managementService;
    @Autowired HubexAccessTokens hubexTokens;
    @Autowired HubexWebhookSender hubexWebhooks;

    @Test
    void hubexAnswering500TwiceThen201CreatesExactlyOneTask() {
        hubexFaults.add(CREATE_TASK, 500, "[{\"code\":\"InternalError\",\"message\":\"boom\"}]", 2, 0);
        String dealId = newServiceDeal("HubEx 500");
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");

        Eventually.await("the cycle to wait for the task", TIMEOUT, () -> waitingForTask(dealId));
        assertThat(tasksOf(dealId)).hasSize(1);
        assertThat(hubexFaults.take(CREATE_TASK)).as("both faults were used").isEmpty();
        assertThat(incidentsOf(dealId)).isEmpty();
    }

    @Test
    void aTaskCreatedWhoseAnswerWasLostIsFoundAgainAndAnEarlyCompletionIsNotLost() {
        hubexWebhooks.setDeliverWebhooks(false);
        try {
            // HubEx creates the task but the answer never arrives: the job fails and its retry must not create again
            hubexFaults.add(CREATE_TASK, 500, "@after", 1, 0);
            String dealId = newServiceDeal("Ответ потерян");
            bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");
            Eventually.await("the task in HubEx", TIMEOUT, () -> tasksOf(dealId).size() == 1);

            // the technician is quicker than the retry: the completion arrives before the process waits
            int taskId = tasksOf(dealId).get(0).id();
            hubex.completeTask(taskId);
            assertThat(post("/webhooks/hubex?token=sandbox-hubex-token", "application/json",
                    "{\"taskID\":" + taskId + "}").statusCode()).isEqualTo(200);

            Eventually.await("the cycle of deal " + dealId + " to end", TIMEOUT, () -> cycleEnded(dealId));
            assertThat(tasksOf(dealId)).hasSize(1);
            assertThat(bitrix24.getDeal(dealId).get("STAGE_ID")).isEqualTo("C1:UC_DONE");
            assertThat(incidentsOf(dealId)).isEmpty();
        } finally {
            hubexWebhooks.setDeliverWebhooks(true);
        }
    }

    @Test
    void hubexDownForGoodBecomesAReadableIncidentThatAnOperatorCanRetry() {
        hubexFaults.add(CREATE_TASK, 503, "[{\"code\":\"ServiceUnavailable\",\"message\":\"maintenance\","
                + "\"traceIdentifier\":\"00-abc\"}]", 1000, 0);
        String dealId = newServiceDeal("HubEx недоступен");
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");

        Eventually.await("an incident on deal " + dealId, TIMEOUT, () -> !incidentsOf(dealId).isEmpty());
        Incident incident = incidentsOf(dealId).get(0);
        assertThat(incident.getActivityId()).isEqualTo("Task_CreateHubexTask");
        assertThat(incident.getIncidentMessage())
                .startsWith("HubEx: could not create the task: HTTP 503 ServiceUnavailable (maintenance)")
                .doesNotContain("sandbox-service-token").doesNotContain("Bearer");
        assertThat(tasksOf(dealId)).isEmpty();

        // the operator fixes the cause and presses "Retry" in Cockpit
        hubexFaults.clear();
        managementService.setJobRetries(incident.getConfiguration(), 1);
        Eventually.await("the cycle to wait for the task after the retry", TIMEOUT, () -> waitingForTask(dealId));
        assertThat(tasksOf(dealId)).hasSize(1);
        assertThat(incidentsOf(dealId)).isEmpty();
    }

    @Test
    void anAccessTokenThatExpiresMidRunIsRenewedWithoutAnIncident() {
        String dealId = newServiceDeal("Токен истёк");
        int exchangesBefore = hubex.requestCount("POST /fsm/AUTHZ/AccessTokens");
        hubexTokens.expireAllAccessTokens();
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");

        Eventually.await("the cycle to wait for the task", TIMEOUT, () -> waitingForTask(dealId));
        assertThat(tasksOf(dealId)).hasSize(1);
        assertThat(hubex.requestCount("POST /fsm/AUTHZ/AccessTokens")).isGreaterThan(exchangesBefore);
        assertThat(incidentsOf(dealId)).isEmpty();
    }

    @Test
    void bitrix24QueryLimitExceededIsRetriedWithoutAnIncident() {
        String dealId = newServiceDeal("Лимит Bitrix24");
        bitrix24Faults.add("batch", 503,
                "{\"error\":\"QUERY_LIMIT_EXCEEDED\",\"error_description\":\"Too many requests\"}", 3, 0);
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");

        Eventually.await("the cycle to wait for the task", TIMEOUT, () -> waitingForTask(dealId));
        assertThat(bitrix24Faults.take("batch")).as("all three refusals were met").isEmpty();
        assertThat(tasksOf(dealId)).hasSize(1);
        assertThat(incidentsOf(dealId)).isEmpty();
    }

    @Test
    void aRevokedBitrix24WebhookBecomesAnIncidentThatNamesTheSettingButNotTheSecret() {
        String dealId = newServiceDeal("Вебхук отозван");
        bitrix24Faults.add("crm.timeline.comment.add", 401,
                "{\"error\":\"NO_AUTH_FOUND\",\"error_description\":\"Wrong authorization data\"}", 1000, 0);
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");

        Eventually.await("an incident on deal " + dealId, TIMEOUT, () -> !incidentsOf(dealId).isEmpty());
        Incident incident = incidentsOf(dealId).get(0);
        assertThat(incident.getActivityId()).isEqualTo("Task_AddTaskCreatedComment");
        assertThat(incident.getIncidentMessage())
                .startsWith("Bitrix24 crm.timeline.comment.add failed: HTTP 401 NO_AUTH_FOUND")
                .contains("dealflow.bitrix24.webhook-url").doesNotContain("sandbox-secret");
        assertThat(bitrix24.dealTimelineComments(dealId)).isEmpty();
    }

    @Test
    void dealEventsSurviveABitrix24OutageAndAreHandledWhenItAnswersAgain() {
        String dealId = newServiceDeal("Портал недоступен");
        bitrix24Faults.add("batch", 502, "<html>Bad Gateway</html>", 3, 0);
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");

        Eventually.await("the cycle to wait for the task", TIMEOUT, () -> waitingForTask(dealId));
        assertThat(bitrix24Faults.take("batch")).as("the outage was met").isEmpty();
        assertThat(cyclesOf(dealId)).isEqualTo(1);
        assertThat(tasksOf(dealId)).hasSize(1);
    }

    private List<Incident> incidentsOf(String dealId) {
        ProcessInstance instance = runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(dealId)
                .singleResult();
        return instance == null ? List.of()
                : runtimeService.createIncidentQuery().processInstanceId(instance.getId()).list();
    }
}
