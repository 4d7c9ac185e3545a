package io.dealflow.sandbox.hubex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The three task calls of every deal cycle, answered in front of Spring MVC: the same answers as through Spring
 * MVC, counted under the same routes, and every other call still Spring MVC's.
 */
class HubexTaskFastPathsTest {

    private final HubexSimulatorFixture fx = new HubexSimulatorFixture();

    private MvcResult perform(MockMvc mvc, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn();
    }

    private static String body(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private MvcResult createTask(MockMvc mvc, String erpId) throws Exception {
        return perform(mvc, fx.authorized(post(HubexSimulatorFixture.TASKS)).contentType(MediaType.APPLICATION_JSON)
                .header("X-Concurrency-Stamp", UUID.randomUUID().toString())
                .content(HubexSimulatorFixture.taskBody(erpId)));
    }

    /** Answered by the fast path: no Spring MVC handler saw it. */
    private static void assertAnsweredInFront(MvcResult result) {
        assertThat(result.getHandler()).as("Spring MVC's handler").isNull();
    }

    private static void assertSameAnswer(MvcResult fast, MvcResult mvc) throws Exception {
        assertAnsweredInFront(fast);
        assertThat(mvc.getHandler()).isNotNull();
        assertThat(fast.getResponse().getStatus()).isEqualTo(mvc.getResponse().getStatus());
        assertThat(fast.getResponse().getContentType()).isEqualTo(mvc.getResponse().getContentType());
        assertThat(body(fast)).isEqualTo(body(mvc));
        assertThat(fast.getResponse().getContentLength())
                .isEqualTo(fast.getResponse().getContentAsByteArray().length);
    }

    @Test
    void createsATaskAsSpringMvcWouldAndCountsItUnderItsRoute() throws Exception {
        MvcResult fast = createTask(fx.fastPaths, "deal-1");
        MvcResult mvc = createTask(fx.mvc, "deal-2");

        assertAnsweredInFront(fast);
        assertThat(fast.getResponse().getStatus()).isEqualTo(201).isEqualTo(mvc.getResponse().getStatus());
        assertThat(fast.getResponse().getContentType()).isEqualTo(mvc.getResponse().getContentType());
        // two tasks: the same fields, their own ids and numbers
        JsonNode created = fx.json.readTree(body(fast));
        JsonNode createdViaMvc = fx.json.readTree(body(mvc));
        assertThat(created.fieldNames()).toIterable().containsExactlyElementsOf(createdViaMvc::fieldNames);
        // the body was read as UTF-8 (the Cyrillic notes) and the task is HubEx's like any other
        assertThat(fx.store.getTask(created.get("id").asInt()).data().notes()).isEqualTo("Сделка deal-1");
        assertThat(fx.store.requestCount("POST /fsm/WORK/Tasks")).isEqualTo(2);
    }

    @Test
    void readsATaskAndItsChatAsSpringMvcWould() throws Exception {
        int id = fx.json.readTree(body(createTask(fx.mvc, "deal-3"))).get("id").asInt();
        fx.store.addChatMessage(id, HubexDirectory.API_USER_ID, "Заменён насос", false);

        assertSameAnswer(perform(fx.fastPaths, fx.authorized(get(HubexSimulatorFixture.TASKS + "/" + id))),
                perform(fx.mvc, fx.authorized(get(HubexSimulatorFixture.TASKS + "/" + id))));
        assertSameAnswer(
                perform(fx.fastPaths, fx.authorized(get(HubexSimulatorFixture.TASKS + "/" + id + "/conversations"))),
                perform(fx.mvc, fx.authorized(get(HubexSimulatorFixture.TASKS + "/" + id + "/conversations"))));
        assertThat(fx.store.requestCount("GET /fsm/WORK/Tasks/{taskId}")).isEqualTo(2);
        assertThat(fx.store.requestCount("GET /fsm/WORK/Tasks/{taskId}/conversations")).isEqualTo(2);
    }

    @Test
    void refusesAsSpringMvcWould() throws Exception {
        // HubEx's error bodies carry a random trace identifier: compared without it
        MvcResult fast = perform(fx.fastPaths, get(HubexSimulatorFixture.TASKS + "/1").header("X-Application-ID", "5"));
        MvcResult mvc = perform(fx.mvc, get(HubexSimulatorFixture.TASKS + "/1").header("X-Application-ID", "5"));
        assertAnsweredInFront(fast);
        assertThat(fast.getResponse().getStatus()).isEqualTo(401).isEqualTo(mvc.getResponse().getStatus());
        assertThat(fast.getResponse().getContentType()).isEqualTo(mvc.getResponse().getContentType());
        assertThat(fx.json.readTree(body(fast)).get(0).get("code").asText()).isEqualTo("Unauthorized");

        MvcResult missing = perform(fx.fastPaths, fx.authorized(get(HubexSimulatorFixture.TASKS + "/999999")));
        assertAnsweredInFront(missing);
        assertThat(missing.getResponse().getStatus())
                .isEqualTo(perform(fx.mvc, fx.authorized(get(HubexSimulatorFixture.TASKS + "/999999")))
                        .getResponse().getStatus());
    }

    @Test
    void answersAScriptedFaultAsSpringMvcWould() throws Exception {
        int id = fx.json.readTree(body(createTask(fx.mvc, "deal-5"))).get("id").asInt();
        // a proxy's plain-text page and a JSON body of the script's own, once for each side
        fx.faults.add("GET /fsm/WORK/Tasks/" + id, 502, "Bad Gateway: упал прокси", 2, 0);
        fx.faults.add("GET /fsm/WORK/Tasks/" + id + "/conversations", 503, "{\"code\":\"Busy\"}", 2, 0);

        assertSameAnswer(perform(fx.fastPaths, fx.authorized(get(HubexSimulatorFixture.TASKS + "/" + id))),
                perform(fx.mvc, fx.authorized(get(HubexSimulatorFixture.TASKS + "/" + id))));
        assertSameAnswer(
                perform(fx.fastPaths, fx.authorized(get(HubexSimulatorFixture.TASKS + "/" + id + "/conversations"))),
                perform(fx.mvc, fx.authorized(get(HubexSimulatorFixture.TASKS + "/" + id + "/conversations"))));
    }

    @Test
    void leavesEveryOtherCallToSpringMvc() throws Exception {
        int id = fx.json.readTree(body(createTask(fx.mvc, "deal-4"))).get("id").asInt();

        for (MockHttpServletRequestBuilder other : new MockHttpServletRequestBuilder[] {
                fx.authorized(get(HubexSimulatorFixture.TASKS)).header("Range", "items=1-50"),
                fx.authorized(get(HubexSimulatorFixture.TASKS + "/" + id + "/completedWorks")),
                fx.authorized(delete(HubexSimulatorFixture.TASKS + "/" + id))}) {
            MvcResult result = perform(fx.fastPaths, other);
            assertThat(result.getHandler()).as("Spring MVC's handler").isNotNull();
            assertThat(result.getResponse().getStatus()).isLessThan(300);
        }
    }
}
