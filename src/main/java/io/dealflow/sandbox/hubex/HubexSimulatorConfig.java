package io.dealflow.sandbox.hubex;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.dealflow.sandbox.FaultInjector;

@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class HubexSimulatorConfig {

    /** Scripted failures of the HubEx simulator; operations look like "POST /fsm/WORK/Tasks". */
    @Bean(name = HubexCallGuard.FAULTS_BEAN)
    public FaultInjector hubexFaults() {
        return new FaultInjector();
    }
}
