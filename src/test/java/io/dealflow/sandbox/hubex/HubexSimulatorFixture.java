package io.dealflow.sandbox.hubex;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.MediaType;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import io.dealflow.sandbox.FaultInjector;
import io.dealflow.sandbox.SandboxProperties;
import io.dealflow.sandbox.SimulatorAnswers;

/** The HubEx simulator wired by hand, as Spring would, without starting the application. */
final class HubexSimulatorFixture {

    static final String SERVICE_TOKEN = "test-service-token";
    static final String TASKS = "/sandbox/hubex/fsm/WORK/Tasks";

    final SandboxProperties properties = new SandboxProperties();
    final MockEnvironment environment = new MockEnvironment();
    final HubexSimulatorStore store;
    final HubexWebhookSender sender;
    final HubexAccessTokens tokens;
    final FaultInjector faults = new FaultInjector();
    final MockMvc mvc;
    /** The same controllers behind the fast paths of the three task calls, as the simulators run them. */
    final MockMvc fastPaths;
    final ObjectMapper json = new ObjectMapper();

    HubexSimulatorFixture() {
        properties.getHubex().setServiceToken(SERVICE_TOKEN);
        AtomicReference<HubexWebhookSender> senderRef = new AtomicReference<>();
        store = new HubexSimulatorStore(event -> senderRef.get().onTaskEvent((HubexTaskEvent) event));
        sender = new HubexWebhookSender(store, properties, environment);
        senderRef.set(sender);
        sender.setDeliverWebhooks(false);
        tokens = new HubexAccessTokens(properties);
        HubexCallGuard guard = new HubexCallGuard(faults, tokens, store);
        HubexSimulatorController tasks = new HubexSimulatorController(store, tokens, guard);
        Object[] controllers = {tasks, new HubexDirectoryController(store, guard), new HubexEsController(store, guard),
                new HubexAttributesController(store, guard),
                new HubexSandboxApiController(store, sender, tokens, faults)};
        // both with the JSON converter's mapper, so that their answers can be compared byte for byte
        ObjectMapper mvcJson = Jackson2ObjectMapperBuilder.json().build();
        mvc = MockMvcBuilders.standaloneSetup(controllers)
                .setMessageConverters(new StringHttpMessageConverter(StandardCharsets.UTF_8),
                        new MappingJackson2HttpMessageConverter(mvcJson)).build();
        fastPaths = MockMvcBuilders.standaloneSetup(controllers)
                .setMessageConverters(new StringHttpMessageConverter(StandardCharsets.UTF_8),
                        new MappingJackson2HttpMessageConverter(mvcJson))
                .addFilter(new HubexTaskFastPaths(tasks, new SimulatorAnswers(mvcJson)),
                        TASKS, TASKS + "/*").build();
    }

    private String token;

    /** An access token of the simulator, exchanged on first use. */
    String token() throws Exception {
        if (token == null) {
            token = accessToken();
        }
        return token;
    }

    /** Exchanges a new access token, after the old ones were expired. */
    void renewToken() throws Exception {
        token = accessToken();
    }

    /** The request with a valid access token and an X-Application-ID, as DealFlow sends them. */
    MockHttpServletRequestBuilder authorized(MockHttpServletRequestBuilder request) throws Exception {
        return request.header("Authorization", "Bearer " + token()).header("X-Application-ID", "5");
    }

    String accessToken() throws Exception {
        MvcResult result = mvc.perform(post("/sandbox/hubex/fsm/AUTHZ/AccessTokens")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"serviceToken\":\"" + SERVICE_TOKEN + "\"}"))
                .andExpect(status().isOk()).andReturn();
        return body(result).get("access_token").asText();
    }

    JsonNode body(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    static String taskBody(String erpId) {
        return """
                {"taskTypeID": 10, "requestMethodID": 4, "erpID": "%s", "notes": "Сделка %s",
                 "contactPerson": "Иванов Иван", "deadline": "2026-09-01T15:00:00Z", "estimatedCost": 5000}
                """.formatted(erpId, erpId);
    }
}
