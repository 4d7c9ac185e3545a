package io.dealflow.security;

import java.util.List;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Who may call what over HTTP. Cockpit, Tasklist and Admin ({@code /camunda/**}) have Camunda's own login and
 * session. Everything else an operator uses - the engine's REST API and the actuator - takes HTTP Basic with the
 * same users, checked by Camunda's authentication filter. The webhooks check their own tokens, the sandbox API
 * exists only in the sandbox, and the actuator's health stays open for probes. docs/adr/0011 explains why this
 * is not Spring Security.
 */
@Configuration
public class HttpAuthentication {

    @Bean
    FilterRegistrationBean<BasicAuthenticationFilter> engineRestAuthentication(
            ObjectProvider<ProcessEngine> processEngine) {
        return basicAuthentication("engine-rest-authentication", processEngine, List.of(), "/engine-rest/*");
    }

    @Bean
    FilterRegistrationBean<BasicAuthenticationFilter> actuatorAuthentication(
            ObjectProvider<ProcessEngine> processEngine,
            @Value("${management.endpoints.web.base-path:/actuator}") String basePath) {
        return basicAuthentication("actuator-authentication", processEngine, List.of(basePath + "/health"),
                basePath + "/*");
    }

    private static FilterRegistrationBean<BasicAuthenticationFilter> basicAuthentication(String name,
            ObjectProvider<ProcessEngine> processEngine, List<String> openPaths, String urlPattern) {
        FilterRegistrationBean<BasicAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new BasicAuthenticationFilter(processEngine, openPaths));
        registration.setName(name);
        registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                BasicAuthenticationChallenge.class.getName());
        registration.addUrlPatterns(urlPattern);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
