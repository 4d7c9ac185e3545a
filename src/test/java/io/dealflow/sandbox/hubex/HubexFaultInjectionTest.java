package io.dealflow.sandbox.hubex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

class HubexFaultInjectionTest {

    private HubexSimulatorFixture fx;
    private String token;

    @BeforeEach
    void setUp() throws Exception {
        fx = new HubexSimulatorFixture();
        token = fx.accessToken();
    }

    private ResultActions createTask() throws Exception {
        return fx.mvc.perform(post(HubexSimulatorFixture.TASKS)
                .header("Authorization", "Bearer " + token).header("X-Application-ID", "5")
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

        fx.mvc.perform(get(HubexSimulatorFixture.TASKS + "/5001")
                        .header("Authorization", "Bearer " + token).header("X-Application-ID", "5"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().json("[{\"code\":\"Maintenance\"}]"));
        fx.mvc.perform(get(HubexSimulatorFixture.TASKS + "/5001")
                        .header("Authorization", "Bearer " + token).header("X-Application-ID", "5"))
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
}
