package io.dealflow.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole service on a random port over the fast tier's H2, with Bitrix24 and HubEx left alone (nothing in
 * these tests reaches them): for tests of what the HTTP surface accepts and refuses. Every class with this
 * annotation shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // the webapps and the REST API address the engine by its name; this context is the only one named so
        "camunda.bpm.generate-unique-process-engine-name=false",
        "management.endpoints.web.exposure.include=health,info,metrics",
        "management.endpoint.health.probes.enabled=true"})
@ActiveProfiles("test")
public @interface RunningServiceTest {

    /** The administrator's password in application-test.yml. */
    String ADMIN_PASSWORD = "test-admin-password-7f3c9a";
}
