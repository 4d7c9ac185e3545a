package io.dealflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.dealflow.support.RunningServiceTest;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every protected path of the running service, over real HTTP: without credentials, with wrong ones and with the
 * administrator's. Wrong passwords are tried on a user of their own, since Camunda locks a user for a while after
 * a failed login.
 */
@RunningServiceTest
class HttpAuthenticationTest {

    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = RunningServiceTest.ADMIN_PASSWORD;
    private static final String TARGET = "lockouttarget";

    @LocalServerPort int port;
    @Autowired IdentityService identityService;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void aUserToTryWrongPasswordsOn() {
        if (identityService.createUserQuery().userId(TARGET).count() == 0) {
            User user = identityService.newUser(TARGET);
            user.setPassword("the-right-password-of-the-target");
            identityService.saveUser(user);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/engine-rest/process-definition", "/engine-rest/engine/default/process-definition",
            "/engine-rest/task", "/engine-rest/user", "/engine-rest/deployment/create",
            "/actuator", "/actuator/info", "/actuator/metrics", "/actuator/metrics/jvm.memory.used"})
    void basicAuthenticationGuardsTheRestApiAndTheActuator(String path) throws Exception {
        HttpResponse<String> anonymous = get(path, null);
        assertThat(anonymous.statusCode()).as("GET %s without credentials", path).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Basic");
        assertThat(anonymous.body()).contains("Authentication required");

        assertThat(get(path, basic(TARGET, "a-wrong-password")).statusCode()).as("wrong password").isEqualTo(401);
        assertThat(get(path, basic("nobody-of-that-name", ADMIN_PASSWORD)).statusCode()).as("unknown user")
                .isEqualTo(401);
        assertThat(get(path, "Basic not-base64-at-all!").statusCode()).as("garbled header").isEqualTo(401);
        assertThat(get(path, "Bearer " + ADMIN_PASSWORD).statusCode()).as("another scheme").isEqualTo(401);

        int authenticated = get(path, basic(ADMIN, ADMIN_PASSWORD)).statusCode();
        assertThat(authenticated).as("GET %s as the administrator", path).isNotEqualTo(401).isNotEqualTo(403);
        if (!path.endsWith("/create")) {
            assertThat(authenticated).as("GET %s as the administrator", path).isEqualTo(200);
        }
    }

    @Test
    void writesThroughTheRestApiNeedCredentialsToo() throws Exception {
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(url("/engine-rest/process-definition/key/"
                + "reconciliation/start")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health/liveness", "/actuator/health/readiness"})
    void healthStaysOpenForProbes(String path) throws Exception {
        assertThat(get(path, null).statusCode()).isEqualTo(200);
    }

    /** Here the external systems are unreachable, so the overall status is DOWN (503) - but it is answered. */
    @Test
    void theOverallHealthIsAnsweredWithoutCredentials() throws Exception {
        HttpResponse<String> health = get("/actuator/health", null);

        assertThat(health.statusCode()).isIn(200, 503);
        assertThat(health.body()).contains("\"status\"");
    }

    /** Paths a proxy or the container might resolve differently from a naive prefix check. */
    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health/../metrics", "/actuator/health/%2e%2e/metrics",
            "/actuator/health;x=1/../metrics", "/actuator/health/..;/metrics", "/actuator//metrics",
            "/actuator/./metrics", "/actuator/healthz/../metrics", "/actuator/%6detrics", "/actuator/health/..%2fmetrics",
            "/engine-rest/engine/../process-definition", "/engine-rest//process-definition",
            "/engine-rest/engine/;/../process-definition", "/engine-rest/%70rocess-definition"})
    void noPathTrickReachesAProtectedEndpointWithoutCredentials(String path) throws Exception {
        int status = get(path, null).statusCode();

        assertThat(status).as("GET %s", path).isBetween(400, 499);
    }

    @Test
    void theEngineListIsTheOnlyRestResourceOpenToAnyone() throws Exception {
        HttpResponse<String> engines = get("/engine-rest/engine", null);

        assertThat(engines.statusCode()).isEqualTo(200);
        // the names of the engines in this JVM (other tests' engines too), nothing else
        assertThat(engines.body()).contains("{\"name\":\"default\"}").matches("\\[(\\{\"name\":\"\\w+\"},?)+]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/camunda/api/engine/engine/default/process-definition",
            "/camunda/api/engine/engine/default/task", "/camunda/api/engine/engine/default/user",
            "/camunda/api/cockpit/plugin/base/default/process-definition/statistics",
            "/camunda/api/admin/auth/user/default"})
    void cockpitTasklistAndAdminNeedALogin(String path) throws Exception {
        assertThat(get(path, null).statusCode()).as("GET %s without a session", path).isIn(401, 403, 404);
        assertThat(get(path, basic(ADMIN, ADMIN_PASSWORD)).statusCode())
                .as("GET %s with Basic credentials but no session: the webapps only take their login", path)
                .isIn(401, 403, 404);
    }

    @Test
    void theWebappLoginRefusesWrongPasswordsAndOpensTheApiToTheAdministrator() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String api = "/camunda/api/engine/engine/default/process-definition";
        String csrf = csrfToken(browser);

        assertThat(login(browser, csrf, TARGET, "a-wrong-password").statusCode()).isEqualTo(401);
        assertThat(login(browser, csrf, "nobody-of-that-name", ADMIN_PASSWORD).statusCode()).isEqualTo(401);
        assertThat(browser.send(HttpRequest.newBuilder(url(api)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);

        assertThat(login(browser, csrf, ADMIN, ADMIN_PASSWORD).statusCode()).isEqualTo(200);
        HttpResponse<String> definitions = browser.send(HttpRequest.newBuilder(url(api)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(definitions.statusCode()).isEqualTo(200);
        assertThat(definitions.body()).contains("deal-service-cycle");
    }

    private String csrfToken(HttpClient browser) throws Exception {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(url("/camunda/app/cockpit/default/")).build(),
                HttpResponse.BodyHandlers.ofString());
        return page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN="))
                .map(c -> c.substring("XSRF-TOKEN=".length(), c.indexOf(';'))).findFirst().orElse("");
    }

    private HttpResponse<String> login(HttpClient browser, String csrf, String user, String password)
            throws Exception {
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return browser.send(HttpRequest.newBuilder(url("/camunda/api/admin/auth/user/default/login/cockpit"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", csrf)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

}
