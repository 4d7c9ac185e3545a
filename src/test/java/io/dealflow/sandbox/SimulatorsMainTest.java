package io.dealflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import javax.sql.DataSource;

import io.dealflow.sandbox.bitrix24.Bitrix24RestFastPath;
import io.dealflow.sandbox.bitrix24.Bitrix24SimulatorController;
import io.dealflow.sandbox.hubex.HubexSimulatorController;
import io.dealflow.sandbox.hubex.HubexTaskFastPaths;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.filter.ServerHttpObservationFilter;

/** The simulators as a process of their own: no engine, no database, both APIs answering. */
@SpringBootTest(classes = SimulatorsMain.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles(SimulatorsMain.PROFILE)
class SimulatorsMainTest {

    @Autowired ApplicationContext context;
    @LocalServerPort int port;

    @Test
    void startsOnlyTheSimulators() throws Exception {
        assertThat(context.getBeansOfType(Bitrix24SimulatorController.class)).hasSize(1);
        assertThat(context.getBeansOfType(HubexSimulatorController.class)).hasSize(1);
        assertThat(context.getBeansOfType(DataSource.class)).isEmpty();
        assertThat(context.getBeanNamesForType(ProcessEngine.class)).isEmpty();
        assertThat(context.getBeansOfType(SandboxBanner.class)).isEmpty();
        assertThat(context.getBeansOfType(FilterRegistrationBean.class).values())
                .extracting(FilterRegistrationBean::getFilter)
                .noneMatch(ServerHttpObservationFilter.class::isInstance);

        HttpResponse<String> stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/sandbox/api/hubex/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(stats.body()).contains("\"webhooksDropped\":0");
    }

    /**
     * The Bitrix24 REST methods and HubEx's task calls are answered in front of Spring MVC, over real HTTP, with
     * their length (Spring MVC streams a JSON answer without one) and counted under their routes.
     */
    @Test
    void answersTheCyclesCallsInFrontOfSpringMvc() throws Exception {
        assertThat(context.getBeansOfType(FilterRegistrationBean.class).values())
                .extracting(FilterRegistrationBean::getFilter)
                .hasAtLeastOneElementOfType(Bitrix24RestFastPath.class)
                .hasAtLeastOneElementOfType(HubexTaskFastPaths.class);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;

        HttpResponse<String> deal = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/sandbox/bitrix24/rest/1/sandbox-secret/crm.deal.add"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"fields\": {\"TITLE\": \"Замена насоса\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deal.statusCode()).isEqualTo(200);
        assertThat(deal.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(deal.headers().firstValue("Content-Length")).isPresent();
        assertThat(deal.body()).contains("\"result\":", "\"time\":");

        HttpResponse<String> token = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/sandbox/hubex/fsm/AUTHZ/AccessTokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"serviceToken\": \"sandbox-service-token\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String accessToken = token.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
        String tasks = base + "/sandbox/hubex/fsm/WORK/Tasks";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(tasks))
                .header("Authorization", "Bearer " + accessToken).header("X-Application-ID", "5")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"taskTypeID\": 10, \"requestMethodID\": 4, \"erpID\": \"7\", \"notes\": \"Сделка 7\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        String id = created.body().replaceAll(".*\"id\":(\\d+).*", "$1");
        HttpResponse<String> task = http.send(HttpRequest.newBuilder(URI.create(tasks + "/" + id))
                .header("Authorization", "Bearer " + accessToken).header("X-Application-ID", "5").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(task.statusCode()).isEqualTo(200);
        assertThat(task.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(task.headers().firstValue("Content-Length")).isPresent();
        assertThat(task.body()).contains("\"notes\":\"Сделка 7\"");

        HttpResponse<String> stats = http.send(HttpRequest.newBuilder(URI.create(base + "/sandbox/api/hubex/stats"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stats.body()).contains("\"GET /fsm/WORK/Tasks/{taskId}\":1", "\"POST /fsm/WORK/Tasks\":1");
    }

    /** DealFlowApplication scans io.dealflow: the standalone entry point must not be one of its components. */
    @Test
    void isNoComponentOfTheMainApplicationsScan() {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(true);

        assertThat(scan.findCandidateComponents("io.dealflow.sandbox"))
                .extracting(bean -> bean.getBeanClassName())
                .isNotEmpty()
                .doesNotContain(SimulatorsMain.class.getName());
    }
}
