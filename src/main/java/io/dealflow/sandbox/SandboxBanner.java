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
    private static final String SANDBOX_PASSWORD = "admin";

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
                  To use real systems: SPRING_PROFILES_ACTIVE=prod and the DEALFLOW_* variables (README);
                  there the login has no default password (DEALFLOW_ADMIN_PASSWORD, at least 12 characters).
                """, base, environment.getProperty("camunda.bpm.admin-user.id"), passwordHint(), base, base);
    }

    /** The sandbox's well-known default is shown; a password somebody chose is not. */
    private String passwordHint() {
        String password = environment.getProperty("camunda.bpm.admin-user.password");
        return SANDBOX_PASSWORD.equals(password) ? SANDBOX_PASSWORD + " (the sandbox default)"
                : "the password in DEALFLOW_ADMIN_PASSWORD";
    }
}
