package io.dealflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.process.CycleRegistry;
import io.dealflow.sandbox.bitrix24.Bitrix24EventSender;
import io.dealflow.support.EndToEndTestBase;
import io.dealflow.support.Eventually;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * /actuator/backfill over real HTTP against the simulated portal: deals that reached a service stage while no
 * event arrived get their cycle; a dry run changes nothing; a second run starts nothing.
 */
class BackfillIT extends EndToEndTestBase {

    @Autowired Bitrix24EventSender bitrix24Events;
    @Autowired CycleRegistry cycles;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void startsExactlyTheMissingCyclesAndNothingTwice() throws Exception {
        // a deal whose cycle waits for its task, and one whose cycle for this stage entry was cancelled
        String open = newServiceDeal("Бэкфилл: цикл открыт");
        bitrix24.moveDealToStage(open, "C1:UC_SERVICE");
        String done = newServiceDeal("Бэкфилл: цикл завершён");
        bitrix24.moveDealToStage(done, "C1:UC_SERVICE");
        Eventually.await("both cycles to wait for their tasks", TIMEOUT,
                () -> waitingForTask(open) && waitingForTask(done));
        String doneCycle = runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(done).singleResult()
                .getId();
        // its task-number job may be running: the operator presses Cancel again. PostgreSQL reports that race either
        // as Camunda's optimistic lock or, when the job has just added an execution, as a foreign-key violation
        Eventually.await("the cycle of deal " + done + " to be cancelled", TIMEOUT, () -> {
            try {
                runtimeService.deleteProcessInstance(doneCycle, "cancelled by an operator");
                return true;
            } catch (OptimisticLockingException | ProcessEnginePersistenceException busy) {
                return false;
            }
        });
        // deals that entered the service stage while the portal's events were lost
        String missed;
        String missedToo;
        String elsewhere;
        bitrix24Events.setDeliverEvents(false);
        try {
            missed = newServiceDeal("Бэкфилл: без события");
            bitrix24.moveDealToStage(missed, "C1:UC_SERVICE");
            missedToo = newServiceDeal("Бэкфилл: без события 2");
            bitrix24.moveDealToStage(missedToo, "C1:UC_SERVICE");
            elsewhere = newServiceDeal("Бэкфилл: другая стадия");
        } finally {
            bitrix24Events.setDeliverEvents(true);
        }

        JsonNode dryRun = run("{\"dryRun\":true}");
        assertThat(dryRun.path("dryRun").asBoolean()).isTrue();
        Map<String, String> planned = outcomes(dryRun);
        assertThat(planned).containsEntry(missed, "would start").containsEntry(missedToo, "would start")
                .containsEntry(open, "already has an open cycle").containsEntry(done, "cycle done for this stage entry")
                .doesNotContainKey(elsewhere);
        assertThat(dryRun.path("started").asInt()).isZero();
        assertThat(dryRun.path("wouldStart").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(dryRun.path("total").asInt()).isEqualTo(dryRun.path("processed").asInt());
        assertThat(cyclesOf(missed)).as("a dry run starts nothing").isZero();
        assertThat(cyclesOf(missedToo)).isZero();

        JsonNode real = run("{\"dryRun\":false}");
        Map<String, String> outcomes = outcomes(real);
        assertThat(outcomes).containsEntry(missed, "started").containsEntry(missedToo, "started")
                .containsEntry(open, "already has an open cycle").containsEntry(done, "cycle done for this stage entry");
        assertThat(real.path("started").asInt()).isEqualTo(dryRun.path("wouldStart").asInt());
        Eventually.await("the backfilled cycles to create their tasks", TIMEOUT,
                () -> tasksOf(missed).size() == 1 && tasksOf(missedToo).size() == 1);
        assertThat(cyclesOf(open)).isEqualTo(1);
        assertThat(cyclesOf(done)).isEqualTo(1);

        JsonNode again = run("{\"dryRun\":false}");
        assertThat(again.path("started").asInt()).as("a second run").isZero();
        assertThat(outcomes(again)).containsEntry(missed, "already has an open cycle");
        assertThat(cyclesOf(missed)).isEqualTo(1);
        assertThat(cyclesOf(missedToo)).isEqualTo(1);
        assertThat(tasksOf(missed)).hasSize(1);
    }

    @Test
    void aPostWithoutDryRunIsADryRun() throws Exception {
        JsonNode report = run("{}");
        assertThat(report.path("dryRun").asBoolean()).isTrue();
        assertThat(report.path("started").asInt()).isZero();
    }

    private JsonNode run(String body) throws Exception {
        HttpResponse<String> started = operatorPost("/actuator/backfill", body);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        Eventually.await("the backfill to finish", TIMEOUT, () -> !"RUNNING".equals(report().path("state").asText()));
        JsonNode report = report();
        assertThat(report.path("state").asText()).as(report.toString()).isEqualTo("FINISHED");
        return report;
    }

    private JsonNode report() {
        try {
            HttpResponse<String> response = operatorGet("/actuator/backfill");
            assertThat(response.statusCode()).isEqualTo(200);
            return json.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException("GET /actuator/backfill failed", e);
        }
    }

    private static Map<String, String> outcomes(JsonNode report) {
        Map<String, String> outcomes = new HashMap<>();
        report.path("deals").forEach(deal -> outcomes.put(deal.path("dealId").asText(), deal.path("outcome").asText()));
        return outcomes;
    }
}
