package io.dealflow.sandbox.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dealflow.sandbox.FaultInjector;
import io.dealflow.sandbox.SandboxProperties;
import io.dealflow.sandbox.SimulatorAnswers;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The simulated portal's REST calls answered in front of Spring MVC: the same status, type and body as through
 * Spring MVC, and anything of another method or shape still Spring MVC's.
 */
class Bitrix24RestFastPathTest {

    private static final String BASE = "/sandbox/bitrix24/rest/1/sandbox-secret/";

    private final Bitrix24SimulatorStore store = new Bitrix24SimulatorStore();
    private final FaultInjector faults = new FaultInjector();
    private final Bitrix24RestMethods methods = new Bitrix24RestMethods(store);
    private final Bitrix24SimulatorController controller = new Bitrix24SimulatorController(new SandboxProperties(),
            store, methods, new Bitrix24BatchRunner(methods, store, faults, new SandboxProperties()),
            new LeakyBucket(0, 2.0), faults);
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(controller).build();
    private final MockMvc fastPath = MockMvcBuilders.standaloneSetup(controller)
            .addFilter(new Bitrix24RestFastPath(controller, new SimulatorAnswers(new ObjectMapper())),
                    "/sandbox/bitrix24/rest/*").build();

    /**
     * Runs the request on both: the answers must match (the portal's time block aside), and no Spring MVC handler
     * may have seen the fast path's.
     */
    private MvcResult sameAnswer(Supplier<MockHttpServletRequestBuilder> request) throws Exception {
        MvcResult fast = fastPath.perform(request.get()).andReturn();
        MvcResult viaMvc = mvc.perform(request.get()).andReturn();
        assertThat(fast.getHandler()).as("Spring MVC's handler").isNull();
        assertThat(viaMvc.getHandler()).isNotNull();
        assertThat(fast.getResponse().getStatus()).isEqualTo(viaMvc.getResponse().getStatus());
        assertThat(fast.getResponse().getContentType()).isEqualTo(viaMvc.getResponse().getContentType());
        assertThat(withoutTime(fast)).isEqualTo(withoutTime(viaMvc));
        assertThat(fast.getResponse().getContentLength()).isEqualTo(fast.getResponse().getContentAsByteArray().length);
        return fast;
    }

    private static Map<String, Object> withoutTime(MvcResult result) throws Exception {
        Map<String, Object> body =
                Bitrix24Json.readObject(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
        body.remove("time");
        return body;
    }

    @Test
    void answersAJsonCallAsSpringMvcWould() throws Exception {
        String id = store.createDeal("Замена насоса", null, 1, "C1:UC_SERVICE", null, null, Map.of());

        MvcResult fast = sameAnswer(() -> post(BASE + "crm.deal.get.json").contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\": " + id + "}"));

        assertThat(fast.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("Замена насоса", "\"time\"");
        assertThat(store.requestCount("crm.deal.get")).isEqualTo(2);
    }

    @Test
    void answersFormAndQueryCallsAsSpringMvcWould() throws Exception {
        String id = store.createDeal("x", null, 0, null, null, null, Map.of());

        sameAnswer(() -> post(BASE + "crm.deal.update").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("id", id).param("fields[COMMENTS]", "Заменён насос"));
        assertThat(store.getDeal(id).get("COMMENTS")).isEqualTo("Заменён насос");

        sameAnswer(() -> get(BASE + "crm.deal.list").param("filter[ID]", id).param("select[]", "ID", "COMMENTS"));
    }

    @Test
    void refusesAsSpringMvcWould() throws Exception {
        sameAnswer(() -> post("/sandbox/bitrix24/rest/1/wrong-secret/crm.deal.get").param("id", "1"));
        sameAnswer(() -> post(BASE + "crm.deal.get").param("id", "999999"));
        sameAnswer(() -> post(BASE + "no.such.method"));
    }

    @Test
    void leavesOtherMethodsAndShapesToSpringMvc() throws Exception {
        for (MockHttpServletRequestBuilder other : new MockHttpServletRequestBuilder[] {
                put(BASE + "crm.deal.get"), post(BASE + "crm.deal.get/extra"),
                post("/sandbox/bitrix24/rest/1/crm.deal.get"), post("/sandbox/bitrix24/rest/1//crm.deal.get")}) {
            MvcResult fast = fastPath.perform(other).andReturn();
            assertThat(fast.getResponse().getStatus()).isIn(404, 405)
                    .isEqualTo(mvc.perform(other).andReturn().getResponse().getStatus());
        }
        assertThat(store.requestCount()).isZero();
    }
}
