package io.dealflow.sandbox.hubex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.concurrent.atomic.AtomicInteger;
import io.dealflow.sandbox.FaultInjector;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

class HubexFaultInjectionTest {

    private final HubexSimulatorFixture fx = new HubexSimulatorFixture();

    private ResultActions createTask() throws Exception {
        return fx.mvc.perform(fx.authorized(post(HubexSimulatorFixture.TASKS))
                .contentType(MediaType.APPLICATION_JSON).content(HubexSimulatorFixture.taskBody("deal-1")));
    }

    @Test
    void failuresBeforeExecutionCreateNothing() throws Exception {
        fx.faults.add("POST /fsm/WORK/Tasks", 500, null, 2, 0);

        createTask().andExpect(status().isInternalServerError()).andExpect(jsonPath("$[0].code").isString());
        createTask().andExpect(status().isInternalServerError());
        createTask().andExpect(status().isCreated());

        assertThat(fx.store.countTasksWithErpId("deal-1")).isEqualTo(1);
        assertThat(fx.store.requestCount("POST /fsm/WORK/Tasks")).isEqualTo(3);
    }

    @Test
    void afterMarkerExecutesTheCallButLosesTheResponse() throws Exception {
        fx.faults.add("POST /fsm/WORK/Tasks", 500, HubexCallGuard.AFTER_EXECUTION, 1, 0);

        createTask().andExpect(status().isInternalServerError());

        assertThat(fx.store.countTasksWithErpId("deal-1")).isEqualTo(1);
    }

    @Test
    void answersWithTheScriptedBodyAndOnlyForMatchingOperations() throws Exception {
        fx.faults.add("GET /fsm/WORK/Tasks/5001", 503, "[{\"code\":\"Maintenance\"}]", 1, 0);
        createTask().andExpect(status().isCreated());

        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS + "/5001")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().json("[{\"code\":\"Maintenance\"}]"));
        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS + "/5001")))
                .andExpect(status().isOk());
        assertThat(fx.store.requestCount("GET /fsm/WORK/Tasks/{taskId}")).isEqualTo(2);
    }

    @Test
    void statusZeroOnlyDelaysTheCall() throws Exception {
        fx.faults.add("POST /fsm/WORK/Tasks", 0, null, 1, 200);

        long started = System.nanoTime();
        createTask().andExpect(status().isCreated());

        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(200);
    }

    @Test
    void faultsCanHitTheTokenExchange() throws Exception {
        fx.faults.add("POST /fsm/AUTHZ/AccessTokens", 502, "Bad Gateway", 1, 0);

        fx.mvc.perform(post("/sandbox/hubex/fsm/AUTHZ/AccessTokens").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"serviceToken\":\"" + HubexSimulatorFixture.SERVICE_TOKEN + "\"}"))
                .andExpect(status().isBadGateway())
                .andExpect(content().string("Bad Gateway"));
    }

    @Test
    void faultsApplyToCustomFieldsAndEsMethods() throws Exception {
        createTask().andExpect(status().isCreated());
        String merge = "[{\"taskID\": 5001, \"data\": [{\"attributeID\": 13, \"value\": \"x\"}]}]";
        fx.faults.add("POST /fsm/WORK/TaskAttributes", 500, null, 1, 0);
        fx.faults.add("GET /fsm/ES/Companies", 503, "[{\"code\":\"Maintenance\"}]", 1, 0);
        fx.faults.add("POST /fsm/ES/Locations", 502, null, 1, 0);
        fx.faults.add("GET /fsm/COMMON/Attributes", 500, null, 1, 0);

        authorized(post("/sandbox/hubex/fsm/WORK/TaskAttributes"), merge)
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$[0].code").value("SimulatedFault"));
        assertThat(fx.store.taskAttributes(5001)).isEmpty();
        authorized(post("/sandbox/hubex/fsm/WORK/TaskAttributes"), merge).andExpect(status().isAccepted());
        assertThat(fx.store.taskAttributes(5001)).containsEntry(13, "x");

        authorized(get("/sandbox/hubex/fsm/ES/Companies"), null)
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().json("[{\"code\":\"Maintenance\"}]"));
        authorized(get("/sandbox/hubex/fsm/ES/Companies"), null).andExpect(status().isOk());

        authorized(post("/sandbox/hubex/fsm/ES/Locations"), "[{\"address\": \"Улица, 1\"}]")
                .andExpect(status().isBadGateway());
        assertThat(fx.store.locations()).hasSize(2);

        authorized(get("/sandbox/hubex/fsm/COMMON/Attributes"), null).andExpect(status().isInternalServerError());
        authorized(get("/sandbox/hubex/fsm/COMMON/Attributes"), null).andExpect(status().isOk());

        assertThat(fx.store.requestCount("POST /fsm/WORK/TaskAttributes")).isEqualTo(2);
        assertThat(fx.store.requestCount("GET /fsm/ES/Companies")).isEqualTo(2);
        assertThat(fx.store.requestCount("POST /fsm/ES/Locations")).isEqualTo(1);
    }

    @Test
    void theAfterMarkerCreatesTheLocationButLosesTheIds() throws Exception {
        fx.faults.add("POST /fsm/ES/Locations", 500, HubexCallGuard.AFTER_EXECUTION, 1, 0);

        authorized(post("/sandbox/hubex/fsm/ES/Locations"), "[{\"address\": \"Улица, 1\"}]")
                .andExpect(status().isInternalServerError());

        assertThat(fx.store.findLocations("Улица, 1")).hasSize(1);
        // the retry a client would make now meets its own first attempt
        authorized(post("/sandbox/hubex/fsm/ES/Locations"), "[{\"address\": \"Улица, 1\"}]")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$[0].code").value("PossibleDuplication"));
    }

    @Test
    void aFaultOnTheTaskReadHitsTheAttributeListToo() throws Exception {
        createTask().andExpect(status().isCreated());
        fx.faults.add("GET /fsm/WORK/Tasks/5001/attributes", 504, null, 1, 0);

        authorized(get(HubexSimulatorFixture.TASKS + "/5001/attributes"), null).andExpect(status().isGatewayTimeout());
        authorized(get(HubexSimulatorFixture.TASKS + "/5001"), null).andExpect(status().isOk());
        authorized(get(HubexSimulatorFixture.TASKS + "/5001/attributes"), null).andExpect(status().isOk());
    }

    private ResultActions authorized(MockHttpServletRequestBuilder request, String body) throws Exception {
        fx.authorized(request);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return fx.mvc.perform(request);
    }

    @Test
    void anAfterExecutionFaultCreatesTheTaskThenAnswersLate() throws Exception {
        fx.faults.add(new FaultInjector.Fault("POST /fsm/WORK/Tasks", 0, null, 300, true, 1.0,
                new AtomicInteger(1)));
        AtomicInteger seenBeforeAnswer = new AtomicInteger();
        Thread watcher = new Thread(() -> {
            long until = System.nanoTime() + 250_000_000L;
            while (System.nanoTime() < until && seenBeforeAnswer.get() == 0) {
                seenBeforeAnswer.set(fx.store.countTasksWithErpId("deal-1"));
            }
        });
        watcher.start();

        long started = System.nanoTime();
        createTask().andExpect(status().isCreated());
        watcher.join();

        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(seenBeforeAnswer.get()).as("the task existed while the answer was still delayed").isEqualTo(1);
    }

    @Test
    void anAfterExecutionFaultCanAnswerBrokenJsonForATaskItCreated() throws Exception {
        fx.faults.add(new FaultInjector.Fault("POST /fsm/WORK/Tasks", 200, "{\"id\": ", 0, true,
                1.0, new AtomicInteger(1)));

        createTask().andExpect(status().isOk()).andExpect(content().string("{\"id\": "));

        assertThat(fx.store.countTasksWithErpId("deal-1")).isEqualTo(1);
        assertThat(fx.faults.injectedCount()).isEqualTo(1);
    }
}
