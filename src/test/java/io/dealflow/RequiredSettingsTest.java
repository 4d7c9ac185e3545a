package io.dealflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.dealflow.bitrix24.Bitrix24Properties;
import io.dealflow.hubex.HubexProperties;
import io.dealflow.inbox.TriggerProperties;
import io.dealflow.mapping.CompletionProperties;
import io.dealflow.process.EscalationProperties;
import io.dealflow.process.LifecycleProperties;
import io.dealflow.sandbox.SandboxProperties;
import io.dealflow.security.AdminUserSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Start-up check of the settings DealFlow cannot work without. */
class RequiredSettingsTest {

    private final Bitrix24Properties bitrix24 = new Bitrix24Properties();
    private final HubexProperties hubex = new HubexProperties();
    private final TriggerProperties trigger = new TriggerProperties();
    private final CompletionProperties completion = new CompletionProperties();
    private final LifecycleProperties lifecycle = new LifecycleProperties();
    private final AdminUserSettings admin = new AdminUserSettings();
    private final SandboxProperties sandbox = new SandboxProperties();
    private final EscalationProperties escalation = new EscalationProperties();
    private final RequiredSettings settings = new RequiredSettings(bitrix24, hubex, trigger, completion, lifecycle,
            admin, sandbox, escalation);

    @BeforeEach
    void everythingSet() {
        bitrix24.setWebhookUrl("https://acme.bitrix24.ru/rest/17/q8w7e6r5t4y3u2i1/");
        bitrix24.setApplicationToken("app-token");
        hubex.setBaseUrl("https://api.hubex.ru/fsm");
        hubex.setServiceToken("service-token");
        hubex.setWebhookToken("webhook-token");
        hubex.setTaskTypeId(10);
        hubex.setCancelStageId(9);
        trigger.setStageIds(List.of("C1:UC_SERVICE"));
        trigger.setStageNamePrefix("");
        completion.setStageId("UC_DONE");
        admin.setId("operator");
        admin.setPassword("Ku7#pLw9-xQ2vR");
        sandbox.setEnabled(false);
    }

    private String problems() {
        IllegalStateException e = catchThrowableOfType(IllegalStateException.class, settings::afterPropertiesSet);
        assertThat(e).as("the settings are refused").isNotNull();
        return e.getMessage();
    }

    @Test
    void acceptsACompleteConfiguration() {
        assertThatCode(settings::afterPropertiesSet).doesNotThrowAnyException();
    }

    static Stream<Arguments> missingSettings() {
        return Stream.of(
                missing("dealflow.bitrix24.webhook-url", "DEALFLOW_BITRIX24_WEBHOOK_URL",
                        s -> s.bitrix24.setWebhookUrl(" ")),
                missing("dealflow.bitrix24.application-token", "DEALFLOW_BITRIX24_APPLICATION_TOKEN",
                        s -> s.bitrix24.setApplicationToken("")),
                missing("dealflow.hubex.base-url", "DEALFLOW_HUBEX_BASE_URL", s -> s.hubex.setBaseUrl(null)),
                missing("dealflow.hubex.service-token", "DEALFLOW_HUBEX_SERVICE_TOKEN",
                        s -> s.hubex.setServiceToken("")),
                missing("dealflow.hubex.webhook-token", "DEALFLOW_HUBEX_WEBHOOK_TOKEN",
                        s -> s.hubex.setWebhookToken(" ")),
                missing("dealflow.hubex.task-type-id", "DEALFLOW_HUBEX_TASK_TYPE_ID", s -> s.hubex.setTaskTypeId(null)),
                missing("dealflow.hubex.cancel-stage-id", "DEALFLOW_HUBEX_CANCEL_STAGE_ID",
                        s -> s.hubex.setCancelStageId(null)),
                missing("dealflow.trigger.stage-ids", "DEALFLOW_TRIGGER_STAGE_IDS",
                        s -> s.trigger.setStageIds(List.of())),
                missing("dealflow.completion.stage-id", "DEALFLOW_COMPLETION_STAGE_ID",
                        s -> s.completion.setStageId("")),
                missing("camunda.bpm.admin-user.id", "DEALFLOW_ADMIN_USER", s -> s.admin.setId(" ")),
                missing("camunda.bpm.admin-user.password", "DEALFLOW_ADMIN_PASSWORD", s -> s.admin.setPassword("")),
                missing("dealflow.escalation.before-deadline", "DEALFLOW_ESCALATION_BEFORE_DEADLINE",
                        s -> s.escalation.setBeforeDeadline(java.time.Duration.ofHours(-1))));
    }

    private static Arguments missing(String key, String env, Consumer<RequiredSettingsTest> unset) {
        return Arguments.of(key, env, unset);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missingSettings")
    void refusesAMissingSettingNamingKeyAndEnvironmentVariable(String key, String env,
                                                               Consumer<RequiredSettingsTest> unset) {
        unset.accept(this);

        assertThat(problems()).contains(key + " (" + env + ")");
    }

    @Test
    void namesEveryMissingSettingInOneMessage() {
        bitrix24.setWebhookUrl("");
        bitrix24.setApplicationToken("");
        hubex.setBaseUrl("");
        hubex.setServiceToken("");
        hubex.setWebhookToken("");
        hubex.setTaskTypeId(null);
        trigger.setStageIds(List.of());
        completion.setStageId("");
        admin.setPassword(null);

        String message = problems();

        assertThat(message).contains(
                "dealflow.bitrix24.webhook-url (DEALFLOW_BITRIX24_WEBHOOK_URL)",
                "dealflow.bitrix24.application-token (DEALFLOW_BITRIX24_APPLICATION_TOKEN)",
                "dealflow.hubex.base-url (DEALFLOW_HUBEX_BASE_URL)",
                "dealflow.hubex.service-token (DEALFLOW_HUBEX_SERVICE_TOKEN)",
                "dealflow.hubex.webhook-token (DEALFLOW_HUBEX_WEBHOOK_TOKEN)",
                "dealflow.hubex.task-type-id (DEALFLOW_HUBEX_TASK_TYPE_ID)",
                "dealflow.trigger.stage-ids (DEALFLOW_TRIGGER_STAGE_IDS)",
                "dealflow.trigger.stage-name-prefix (DEALFLOW_TRIGGER_STAGE_NAME_PREFIX)",
                "dealflow.completion.stage-id (DEALFLOW_COMPLETION_STAGE_ID)",
                "camunda.bpm.admin-user.password (DEALFLOW_ADMIN_PASSWORD) is not set");
        assertThat(message.split("\n")).hasSize(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://acme.bitrix24.ru/",
            "https://acme.bitrix24.ru/rest/q8w7e6r5t4y3u2i1/",
            "https://acme.bitrix24.ru/rest/17/",
            "acme.bitrix24.ru/rest/17/q8w7e6r5t4y3u2i1/",
            "https://acme.bitrix24.ru/rest/17/q8w7e6r5t4y3u2i1/crm.deal.get"})
    void refusesAWebhookUrlOfTheWrongShapeWithoutEchoingIt(String url) {
        bitrix24.setWebhookUrl(url);

        assertThat(problems()).contains("dealflow.bitrix24.webhook-url (DEALFLOW_BITRIX24_WEBHOOK_URL) must look like")
                .doesNotContain("q8w7e6r5t4y3u2i1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://acme.bitrix24.ru/rest/17/q8w7e6r5t4y3u2i1/",
            "https://acme.bitrix24.ru/rest/17/q8w7e6r5t4y3u2i1", "http://localhost:8080/rest/1/sandbox/"})
    void acceptsWebhookUrlsOfTheRightShape(String url) {
        bitrix24.setWebhookUrl(url);

        assertThatCode(settings::afterPropertiesSet).doesNotThrowAnyException();
    }

    @Test
    void acceptsAStageNamePrefixInsteadOfStageIds() {
        trigger.setStageIds(List.of());
        trigger.setStageNamePrefix("Сервисная служба");

        assertThatCode(settings::afterPropertiesSet).doesNotThrowAnyException();
    }

    @Test
    void acceptsStageIdsWithoutAStageNamePrefix() {
        trigger.setStageIds(List.of("C1:UC_SERVICE"));
        trigger.setStageNamePrefix(" ");

        assertThatCode(settings::afterPropertiesSet).doesNotThrowAnyException();
    }

    @Test
    void completionStagesPerPipelineReplaceTheSingleStage() {
        completion.setStageId("");
        completion.setStages(java.util.Map.of(1, "Работы выполнены"));

        org.assertj.core.api.Assertions.assertThatCode(settings::afterPropertiesSet).doesNotThrowAnyException();
    }

    @Test
    void theCancelStageIsNotNeededWhenAnOperatorDecides() {
        hubex.setCancelStageId(null);
        lifecycle.setDealLeftStage(LifecycleProperties.DealLeftStage.OPERATOR);

        assertThatCode(settings::afterPropertiesSet).doesNotThrowAnyException();
    }

    @Test
    void theMissingCancelStageNamesThePolicyThatNeedsIt() {
        hubex.setCancelStageId(null);

        assertThat(problems()).contains("dealflow.hubex.cancel-stage-id (DEALFLOW_HUBEX_CANCEL_STAGE_ID) is not set",
                "dealflow.lifecycle.deal-left-stage is cancel-task");
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "ADMIN", "demo", "password", "changeme", "change-me", "change-me-too",
            "Password123", "camunda", "short-Pw1!", "operator", "aaaaaaaaaaaaaaaa", "abababababababab"})
    void refusesAWeakAdministratorPassword(String password) {
        admin.setPassword(password);

        assertThat(problems())
                .contains("camunda.bpm.admin-user.password (DEALFLOW_ADMIN_PASSWORD)", "at least 12 characters");
    }

    @Test
    void neverEchoesTheAdministratorPassword() {
        admin.setPassword("Zq9#kLm");

        assertThat(problems()).doesNotContain("Zq9#kLm");
    }

    @Test
    void namesWhatIsWrongWithTheAdministratorPassword() {
        admin.setPassword("admin");
        assertThat(problems()).contains("DEALFLOW_ADMIN_PASSWORD) is a well-known default");
        admin.setPassword("Xy7#kq");
        assertThat(problems()).contains("DEALFLOW_ADMIN_PASSWORD) is shorter than 12 characters");
        admin.setPassword("OPERATOR");
        assertThat(problems()).contains("DEALFLOW_ADMIN_PASSWORD) is the user name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ku7#pLw9-xQ2vR", "correct horse battery staple", "пароль-для-оператора"})
    void acceptsALongUnusualAdministratorPassword(String password) {
        admin.setPassword(password);

        assertThatCode(settings::afterPropertiesSet).doesNotThrowAnyException();
    }

    @Test
    void theSandboxKeepsItsDefaultAdministratorPassword() {
        sandbox.setEnabled(true);
        admin.setId("admin");
        admin.setPassword("admin");

        assertThatCode(settings::afterPropertiesSet).doesNotThrowAnyException();
    }
}
