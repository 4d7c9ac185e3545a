package io.dealflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import javax.sql.DataSource;

import io.dealflow.sandbox.bitrix24.Bitrix24SimulatorController;
import io.dealflow.sandbox.hubex.HubexSimulatorController;
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
