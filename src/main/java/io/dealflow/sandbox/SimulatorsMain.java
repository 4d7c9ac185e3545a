package io.dealflow.sandbox;

import io.dealflow.DealFlowApplication;
import org.camunda.bpm.spring.boot.starter.CamundaBpmAutoConfiguration;
import org.camunda.bpm.spring.boot.starter.rest.CamundaBpmRestJerseyAutoConfiguration;
import org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.observation.web.servlet.WebMvcObservationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.sql.init.SqlInitializationAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The Bitrix24 and HubEx simulators on their own, without DealFlow: no engine, no database. DealFlow nodes then
 * run with a non-sandbox profile pointing at them, as they would at a real portal and tenant - how the fault
 * harness and the benchmark run them, as a separate process:
 * {@code java -Dloader.main=io.dealflow.sandbox.SimulatorsMain -cp target/dealflow-*.jar
 * org.springframework.boot.loader.launch.PropertiesLauncher --server.port=8090
 * --dealflow.sandbox.bitrix24.event-handler-url=http://localhost:8080/webhooks/bitrix24 …}.
 *
 * <p>Deliberately not a {@code @Configuration}: DealFlowApplication scans {@code io.dealflow}, and a configuration
 * class here would be picked up by it, excludes and all. A plain class is only read when it is the primary
 * source.
 */
// no observation of every HTTP request either: the simulators count their calls themselves, and in the benchmark
// the filter's timers cost CPU on the same cores as the node measured
@EnableAutoConfiguration(exclude = {
        CamundaBpmAutoConfiguration.class, CamundaBpmWebappAutoConfiguration.class,
        CamundaBpmRestJerseyAutoConfiguration.class, DataSourceAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
        FlywayAutoConfiguration.class, SqlInitializationAutoConfiguration.class,
        WebMvcObservationAutoConfiguration.class})
// the filters of @SpringBootApplication's scan, and the in-service banner, which speaks of Cockpit and of
// DealFlow's own port: not true here
@ComponentScan(basePackages = "io.dealflow.sandbox", excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = SandboxBanner.class)})
@EnableConfigurationProperties(SandboxProperties.class)
public class SimulatorsMain {

    /** The profile whose settings (application-simulators.yml) the standalone simulators run with. */
    public static final String PROFILE = "simulators";

    public static void main(String[] args) {
        // the HubEx webhooks go out in parallel, each on a kept connection, and none is sent twice by the JDK
        DealFlowApplication.configureHttpConnections();
        SpringApplication application = new SpringApplication(SimulatorsMain.class);
        application.setAdditionalProfiles(PROFILE);
        application.run(args);
    }
}
