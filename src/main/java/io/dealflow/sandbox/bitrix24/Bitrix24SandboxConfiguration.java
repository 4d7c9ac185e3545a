package io.dealflow.sandbox.bitrix24;

import io.dealflow.sandbox.FaultInjector;
import io.dealflow.sandbox.SandboxProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Bitrix24 simulator's shared pieces that are plain objects rather than components. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class Bitrix24SandboxConfiguration {

    /** Scripted failures of the simulated portal; the HubEx simulator has its own instance. */
    @Bean
    public FaultInjector bitrix24Faults() {
        return new FaultInjector();
    }

    @Bean
    public LeakyBucket bitrix24LeakyBucket(SandboxProperties properties) {
        return new LeakyBucket(properties.getBitrix24().getBucketSize(), properties.getBitrix24().getDrainPerSecond());
    }
}
