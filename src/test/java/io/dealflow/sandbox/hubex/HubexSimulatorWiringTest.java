package io.dealflow.sandbox.hubex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.test.context.junit.jupiter.web.SpringJUnitWebConfig;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import io.dealflow.sandbox.FaultInjector;
import io.dealflow.sandbox.SandboxProperties;

/** The simulator's beans in a small Spring context (not the application): qualifiers and events resolve. */
@SpringJUnitWebConfig(HubexSimulatorWiringTest.Config.class)
class HubexSimulatorWiringTest {

    @Configuration
    @EnableWebMvc
    @EnableConfigurationProperties(SandboxProperties.class)
    @ComponentScan(basePackageClasses = HubexSimulatorStore.class)
    static class Config {

        /** Another simulator's injector, as the Bitrix24 sandbox defines one: injection must not get ambiguous. */
        @Bean
        FaultInjector bitrix24Faults() {
            return new FaultInjector();
        }

        @Bean
        EventRecorder eventRecorder() {
            return new EventRecorder();
        }
    }

    static class EventRecorder {
        final List<HubexTaskEvent> events = new ArrayList<>();

        @EventListener
        void on(HubexTaskEvent event) {
            events.add(event);
        }
    }

    @Autowired
    WebApplicationContext context;
    @Autowired
    HubexSimulatorStore store;
    @Autowired
    EventRecorder recorder;

    @Test
    void servesTheApiAndPublishesTaskEvents() throws Exception {
        MockMvcBuilders.webAppContextSetup(context).build()
                .perform(post("/sandbox/hubex/fsm/AUTHZ/AccessTokens").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"serviceToken\":\"sandbox-service-token\"}"))
                .andExpect(status().isOk());
        assertThat(context.getBean(HubexCallGuard.FAULTS_BEAN)).isInstanceOf(FaultInjector.class);

        int id = store.createTask(NewHubexTask.of(10, "deal-1", null), null).id();
        store.moveToStage(id, HubexDirectory.STAGE_IN_PROGRESS);

        assertThat(recorder.events).extracting(HubexTaskEvent::taskId).containsExactly(id);
    }
}
