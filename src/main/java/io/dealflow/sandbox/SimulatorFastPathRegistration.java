package io.dealflow.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dealflow.sandbox.bitrix24.Bitrix24RestFastPath;
import io.dealflow.sandbox.bitrix24.Bitrix24SimulatorController;
import io.dealflow.sandbox.hubex.HubexSimulatorController;
import io.dealflow.sandbox.hubex.HubexTaskFastPaths;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the simulators' fast paths in front of Spring MVC for the calls every deal cycle makes (the Bitrix24 REST
 * methods, HubEx's task calls). They are the last filters, behind any authentication and observation in front.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class SimulatorFastPathRegistration {

    @Bean
    FilterRegistrationBean<Bitrix24RestFastPath> bitrix24RestFastPath(Bitrix24SimulatorController controller,
                                                                      ObjectMapper json) {
        FilterRegistrationBean<Bitrix24RestFastPath> registration =
                new FilterRegistrationBean<>(new Bitrix24RestFastPath(controller, new SimulatorAnswers(json)));
        registration.setName("bitrix24-simulator-rest");
        registration.addUrlPatterns("/sandbox/bitrix24/rest/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<HubexTaskFastPaths> hubexTaskFastPaths(HubexSimulatorController controller,
                                                                  ObjectMapper json) {
        FilterRegistrationBean<HubexTaskFastPaths> registration =
                new FilterRegistrationBean<>(new HubexTaskFastPaths(controller, new SimulatorAnswers(json)));
        registration.setName("hubex-simulator-tasks");
        registration.addUrlPatterns("/sandbox/hubex/fsm/WORK/Tasks", "/sandbox/hubex/fsm/WORK/Tasks/*");
        return registration;
    }
}
