package io.dealflow.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says loudly that this instance talks to simulators, not to a real portal and tenant. */
@Component
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true")
public class SandboxBanner {

    private static final Logger log = LoggerFactory.getLogger(SandboxBanner.class);

    private final Environment environment;

    public SandboxBanner(Environment environment) {
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void announce() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String base = "http://localhost:" + port;
        log.warn("""

                ************************************************************************
                *  SANDBOX MODE: Bitrix24 and HubEx are SIMULATED inside this service.  *
                *  Nothing reaches a real portal or tenant.                             *
                ************************************************************************
                  Cockpit:      {}/camunda/app/cockpit/   login {} / {}
                  Sandbox API:  {}/sandbox/api/bitrix24/deals , {}/sandbox/api/hubex/tasks
                  To use real systems: SPRING_PROFILES_ACTIVE=prod and the DEALFLOW_* variables (README).
                """, base, environment.getProperty("camunda.bpm.admin-user.id"),
                environment.getProperty("camunda.bpm.admin-user.password"), base, base);
    }
}
