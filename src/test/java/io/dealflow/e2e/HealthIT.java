package io.dealflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.hubex.HubexProperties;
import io.dealflow.hubex.HubexWebhookHealth;
import io.dealflow.reconciliation.ReconciliationSchedule;
import io.dealflow.sandbox.hubex.HubexWebhookState;
import io.dealflow.support.EndToEndTestBase;
import io.dealflow.support.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * /actuator/health over real HTTP, each indicator driven by the simulators: a revoked Bitrix24 webhook, a refused
 * HubEx service token, a throttling portal, a switched-off HubEx webhook, a reconciliation run. Never a secret in
 * the answer; the probes stay UP whatever Bitrix24 and HubEx do.
 */
class HealthIT extends EndToEndTestBase {

    private static final String[] SECRETS = {"sandbox-secret", "sandbox-service-token", "sandbox-app-token",
            "sandbox-hubex-token"};

    @Autowired HubexWebhookHealth webhookHealth;
    @Autowired HubexProperties hubexProperties;

    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void restore() {
        hubex.webhook().activate();
        hubexProperties.setServiceTokenValidUntil(null);
    }

    @Test
    void everyComponentIsUpWhenBothSystemsAnswer() {
        Response health = get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        JsonNode components = health.body().path("components");
        assertThat(components.path("db").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("bitrix24").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("bitrix24").path("details").path("portal").asText())
                .isEqualTo(baseUrl() + "/sandbox/bitrix24/rest/1/***");
        assertThat(components.path("hubex").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("hubex").path("details").path("accessToken").asText()).isEqualTo("obtained");
        assertThat(components.path("reconciliation").has("status")).isTrue();
        assertThat(components.path("hubexWebhook").has("status")).isTrue();
        assertThat(health.text()).doesNotContain(SECRETS);
    }

    @Test
    void aRevokedBitrix24WebhookIsDownWithItsReasonWhileTheProbesStayUp() {
        bitrix24Faults.add("crm.deal.list", 401,
                "{\"error\":\"NO_AUTH_FOUND\",\"error_description\":\"Wrong authorization data\"}", 10, 0);

        Response bitrix24 = get("/actuator/health/bitrix24");
        assertThat(bitrix24.status()).isEqualTo(503);
        assertThat(bitrix24.body().path("status").asText()).isEqualTo("DOWN");
        assertThat(bitrix24.body().path("details").path("error").asText())
                .contains("crm.deal.list", "HTTP 401", "NO_AUTH_FOUND");
        assertThat(bitrix24.body().path("details").path("fix").asText()).contains("DEALFLOW_BITRIX24_WEBHOOK_URL");
        assertThat(bitrix24.text()).doesNotContain(SECRETS);

        Response overall = get("/actuator/health");
        assertThat(overall.status()).isEqualTo(503);
        assertThat(overall.body().path("status").asText()).isEqualTo("DOWN");
        assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
        Response readiness = get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body().path("components").has("bitrix24")).isFalse();
        assertThat(readiness.body().path("components").path("db").path("status").asText()).isEqualTo("UP");

        bitrix24Faults.clear();
        assertThat(get("/actuator/health/bitrix24").body().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void aPortalThatKeepsRefusingForItsLimitIsAWarning() {
        bitrix24Faults.add("crm.deal.list", 503,
                "{\"error\":\"QUERY_LIMIT_EXCEEDED\",\"error_description\":\"Too many requests\"}", 10, 0);

        Response bitrix24 = get("/actuator/health/bitrix24");

        assertThat(bitrix24.status()).isEqualTo(200);
        assertThat(bitrix24.body().path("status").asText()).isEqualTo("WARNING");
        assertThat(bitrix24.body().path("details").path("errorKind").asText()).isEqualTo("RATE_LIMITED");
    }

    @Test
    void aRefusedHubexServiceTokenIsDownAndAnExpiringOneIsAWarning() {
        hubexFaults.add("POST /fsm/AUTHZ/AccessTokens", 401,
                "[{\"code\":\"InvalidToken\",\"message\":\"Service token is not valid\"}]", 1, 0);

        Response refused = get("/actuator/health/hubex");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body().path("details").path("error").asText())
                .contains("exchange the service token", "HTTP 401", "InvalidToken");
        assertThat(refused.text()).doesNotContain(SECRETS);

        hubexProperties.setServiceTokenValidUntil(LocalDate.now().plusDays(12));
        Response expiring = get("/actuator/health/hubex");
        assertThat(expiring.status()).isEqualTo(200);
        assertThat(expiring.body().path("status").asText()).isEqualTo("WARNING");
        assertThat(expiring.body().path("details").path("serviceTokenDaysLeft").asInt()).isBetween(11, 12);
        assertThat(expiring.body().path("details").path("serviceTokenWarning").asText())
                .contains("DEALFLOW_HUBEX_SERVICE_TOKEN_VALID_UNTIL");
    }

    @Test
    void theWebhookIndicatorReportsWhatTheLastCheckFound() {
        webhookHealth.check(false);
        assertThat(get("/actuator/health/hubexWebhook").body().path("status").asText()).isEqualTo("UP");

        Instant now = Instant.now();
        hubex.webhook().recordFailure(now, now, "HttpRequestException: http://localhost/webhooks/hubex?token="
                + "sandbox-hubex-token refused");
        webhookHealth.check(false);
        Response failing = get("/actuator/health/hubexWebhook");
        assertThat(failing.body().path("status").asText()).isEqualTo("WARNING");
        assertThat(failing.body().path("details").path("webhooks").get(0).path("callsRemaining").asInt())
                .isEqualTo(HubexWebhookState.FAILURE_BUDGET - 1);

        for (int i = 1; i < HubexWebhookState.FAILURE_BUDGET; i++) {
            hubex.webhook().recordFailure(now, now, "refused");
        }
        webhookHealth.check(false);
        Response off = get("/actuator/health/hubexWebhook");
        assertThat(off.status()).isEqualTo(503);
        assertThat(off.body().path("details").path("webhooks").get(0).path("active").asBoolean()).isFalse();
        assertThat(off.body().path("details").path("reason").asText()).contains("switched a webhook off");
        assertThat(off.text()).doesNotContain(SECRETS);
    }

    @Test
    void aSuccessfulReconciliationRunIsReported() {
        String id = runtimeService.startProcessInstanceByKey(ReconciliationSchedule.PROCESS_KEY).getId();
        Eventually.await("reconciliation run " + id + " to end", TIMEOUT, () -> historyService
                .createHistoricProcessInstanceQuery().processInstanceId(id).finished().count() == 1);

        Response reconciliation = get("/actuator/health/reconciliation");

        assertThat(reconciliation.body().path("status").asText()).isEqualTo("UP");
        Instant lastRun = Instant.parse(reconciliation.body().path("details").path("lastSuccessfulRun").asText());
        assertThat(lastRun).isAfter(Instant.now().minusSeconds(120));
        assertThat(reconciliation.body().path("details").path("interval").asText()).isEqualTo("PT24H");
    }

    @Test
    void nothingThatCanShowConfigurationIsExposed() {
        for (String path : new String[] {"/actuator/env", "/actuator/configprops", "/actuator/beans",
                "/actuator/heapdump", "/actuator/threaddump", "/actuator/loggers", "/actuator/mappings"}) {
            assertThat(get(path).status()).as(path).isEqualTo(404);
        }
        assertThat(get("/actuator/info").status()).isEqualTo(200);
    }

    @Test
    void anonymousCallersSeeTheStatusesAndOnlyAnOperatorSeesTheReasons() {
        bitrix24Faults.add("crm.deal.list", 401,
                "{\"error\":\"NO_AUTH_FOUND\",\"error_description\":\"Wrong authorization data\"}", 10, 0);

        // an unknown user: a wrong password of a real one would lock that account for a few seconds
        String wrongPassword = "Basic " + java.util.Base64.getEncoder().encodeToString(
                "nobody:wrong-password".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String login : new String[] {null, wrongPassword}) {
            Response anonymous = get("/actuator/health", login);
            assertThat(anonymous.status()).isEqualTo(503);
            assertThat(anonymous.body().path("components").path("bitrix24").path("status").asText())
                    .isEqualTo("DOWN");
            assertThat(anonymous.body().path("components").path("bitrix24").has("details")).as(login).isFalse();
        }
        Response operator = get("/actuator/health");
        assertThat(operator.body().path("components").path("bitrix24").path("details").path("error").asText())
                .contains("NO_AUTH_FOUND");
    }

    private record Response(int status, String text, JsonNode body) {
    }

    /** As an operator: with the sandbox administrator's login. */
    private Response get(String path) {
        return get(path, operatorLogin());
    }

    /** {@code authorization}: an Authorization header value, or null for none. */
    private Response get(String path, String authorization) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() || !response.body().trim().startsWith("{")
                    ? json.createObjectNode() : json.readTree(response.body());
            return new Response(response.statusCode(), response.body(), body);
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        }
    }
}
