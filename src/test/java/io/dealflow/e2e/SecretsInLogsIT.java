package io.dealflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.dealflow.bitrix24.Bitrix24Properties;
import io.dealflow.hubex.HubexProperties;
import io.dealflow.sandbox.hubex.HubexAccessTokens;
import io.dealflow.sandbox.hubex.HubexTask;
import io.dealflow.security.AdminUserSettings;
import io.dealflow.support.EndToEndTestBase;
import io.dealflow.support.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What DealFlow writes to its log while a deal runs through a whole cycle and while calls fail - Bitrix24 refusing
 * the webhook, HubEx refusing and failing, webhooks and logins with wrong secrets - must not contain a secret:
 * the Bitrix24 webhook URL's secret, the application token, HubEx's service, access, refresh and webhook tokens,
 * the administrator's password.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsInLogsIT extends EndToEndTestBase {

    @Autowired Bitrix24Properties bitrix24Properties;
    @Autowired HubexProperties hubexProperties;
    @Autowired AdminUserSettings admin;
    @Autowired HubexAccessTokens hubexTokens;

    @Test
    void noSecretReachesTheLog(CapturedOutput output) throws Exception {
        // Bitrix24 refuses the webhook twice while the deal is read, HubEx refuses the token and fails the create
        bitrix24Faults.add("batch", 401, "{\"error\":\"NO_AUTH_FOUND\",\"error_description\":\"Wrong authorization"
                + " data\"}", 2, 0);
        hubexTokens.expireAllAccessTokens();
        hubexFaults.add("POST /fsm/AUTHZ/AccessTokens", 401, "[{\"code\":\"Unauthorized\",\"message\":\"bad token\"}]",
                1, 0);
        hubexFaults.add("POST /fsm/WORK/Tasks", 500, "[{\"code\":\"InternalError\",\"message\":\"boom\"}]", 1, 0);
        String dealId = newServiceDeal("Секреты не в логе");
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");
        Eventually.await("the HubEx task of deal " + dealId, TIMEOUT, () -> tasksOf(dealId).size() == 1);
        Eventually.await("the cycle to wait for the task", TIMEOUT, () -> waitingForTask(dealId));
        HubexTask task = tasksOf(dealId).get(0);
        hubex.completeTask(task.id());
        Eventually.await("the cycle of deal " + dealId + " to end", TIMEOUT, () -> cycleEnded(dealId));

        // callers with wrong secrets, and with the right ones
        assertThat(postBitrix24Event(dealEvent("ONCRMDEALUPDATE", dealId, "a-guessed-token")).statusCode())
                .isEqualTo(401);
        assertThat(postBitrix24Event(dealEvent("ONCRMDEALUPDATE", "not-a-number",
                bitrix24Properties.getApplicationToken())).statusCode()).isEqualTo(400);
        assertThat(post("/webhooks/hubex?token=guess", "application/json", "{\"taskID\":1}").statusCode())
                .isEqualTo(401);
        assertThat(post("/webhooks/hubex?token=" + hubexProperties.getWebhookToken(), "application/json", "{not json")
                .statusCode()).isEqualTo(400);
        // the right login first: a wrong password of the administrator would lock the account for the tests after
        assertThat(engineRest(ADMIN_USER, admin.getPassword()).statusCode()).isEqualTo(200);
        assertThat(engineRest("nobody", "a-wrong-password").statusCode()).isEqualTo(401);

        String log = output.getAll();
        assertThat(log).as("the log of this test").contains("Deal " + dealId);
        for (String secret : secrets()) {
            assertThat(log).as("the log must not contain a secret of %d characters starting with %s",
                    secret.length(), secret.substring(0, 3)).doesNotContain(secret);
        }
    }

    private List<String> secrets() {
        String url = bitrix24Properties.getWebhookUrl();
        String webhookSecret = url.replaceAll("/+$", "").substring(url.replaceAll("/+$", "").lastIndexOf('/') + 1);
        List<String> secrets = new ArrayList<>(List.of(webhookSecret, bitrix24Properties.getApplicationToken(),
                hubexProperties.getServiceToken(), hubexProperties.getWebhookToken(), admin.getPassword(),
                basic(ADMIN_USER, admin.getPassword())));
        secrets.addAll(hubexTokens.issuedTokens());
        assertThat(secrets).as("secrets to look for").hasSizeGreaterThan(7).allMatch(s -> s.length() >= 8);
        return secrets;
    }

    private HttpResponse<String> engineRest(String user, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/engine-rest/process-definition/count"))
                .header("Authorization", "Basic " + basic(user, password)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
