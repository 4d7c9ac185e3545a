package io.dealflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.dealflow.DealFlowApplication;
import io.dealflow.support.RunningServiceTest;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.CompositeProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The administrator account: refused when weak, and its password taken from the configuration on every start. */
@RunningServiceTest
@ExtendWith(OutputCaptureExtension.class)
class AdminAccountTest {

    private static final String ADMIN = "admin";

    @Autowired ProcessEngine processEngine;
    @Autowired IdentityService identityService;
    @Autowired AdminAccountSync sync;

    @AfterEach
    void configuredPasswordAgain() {
        sync.postProcessEngineBuild(processEngine);
    }

    @Test
    void runsAsAnEnginePlugin() {
        assertThat(((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration())
                .getProcessEnginePlugins()).flatExtracting(plugin -> plugin instanceof CompositeProcessEnginePlugin c
                        ? c.getPlugins() : List.of(plugin)).contains(sync);
    }

    @Test
    void aStartReplacesAPasswordLeftInTheDatabaseAndUnlocksTheAccount() {
        // as after a first start with admin/admin, and a stranger's failed logins
        User admin = identityService.createUserQuery().userId(ADMIN).singleResult();
        admin.setPassword("admin");
        identityService.saveUser(admin);
        identityService.deleteMembership(ADMIN, Groups.CAMUNDA_ADMIN);
        assertThat(identityService.checkPassword(ADMIN, "wrong")).isFalse();
        assertThat(identityService.checkPassword(ADMIN, "admin")).as("locked after a failed login").isFalse();

        sync.postProcessEngineBuild(processEngine);

        assertThat(identityService.checkPassword(ADMIN, RunningServiceTest.ADMIN_PASSWORD)).isTrue();
        assertThat(identityService.checkPassword(ADMIN, "admin")).isFalse();
        assertThat(identityService.createGroupQuery().groupMember(ADMIN).groupId(Groups.CAMUNDA_ADMIN).count())
                .isEqualTo(1);
    }

    /** RequiredSettingsTest covers which passwords are refused; this is about when. */
    @Test
    void aWeakPasswordStopsTheStartBeforeTheEngineExists(CapturedOutput output) {
        String password = "changeme";
        SpringApplicationBuilder start = new SpringApplicationBuilder(DealFlowApplication.class).profiles("test");
        int before = output.length();

        assertThatThrownBy(() -> start.run("--camunda.bpm.admin-user.password=" + password, "--server.port=0",
                "--camunda.bpm.generate-unique-process-engine-name=true").close()).rootCause().hasMessageStartingWith("DealFlow cannot start")
                .hasMessageContaining("camunda.bpm.admin-user.password (DEALFLOW_ADMIN_PASSWORD)");

        String log = output.toString().substring(before);
        assertThat(log).doesNotContain("ENGINE-00001").doesNotContain("Process Engine");
        assertThat(log).doesNotContain(password)
                .contains("APPLICATION FAILED TO START", "DealFlow cannot start:\n  - camunda.bpm.admin-user.password"
                        + " (DEALFLOW_ADMIN_PASSWORD) is a well-known default");
    }
}
