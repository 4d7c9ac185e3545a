package io.dealflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

/** The sandbox banner shows the sandbox's well-known login, and never a password somebody chose. */
@ExtendWith(OutputCaptureExtension.class)
class SandboxBannerTest {

    @Test
    void showsTheSandboxDefaultLogin(CapturedOutput output) {
        banner("admin").announce();

        assertThat(output.getAll()).contains("SANDBOX MODE", "login admin / admin (the sandbox default)");
    }

    @Test
    void neverShowsAPasswordSomebodyChose(CapturedOutput output) {
        banner("my-own-Secret-42").announce();

        assertThat(output.getAll()).contains("login admin / the password in DEALFLOW_ADMIN_PASSWORD")
                .doesNotContain("my-own-Secret-42");
    }

    private static SandboxBanner banner(String password) {
        return new SandboxBanner(new MockEnvironment().withProperty("local.server.port", "8080")
                .withProperty("camunda.bpm.admin-user.id", "admin")
                .withProperty("camunda.bpm.admin-user.password", password));
    }
}
