package io.dealflow;

import java.util.ArrayList;
import java.util.List;

import io.dealflow.bitrix24.Bitrix24Properties;
import io.dealflow.hubex.HubexProperties;
import io.dealflow.inbox.TriggerProperties;
import io.dealflow.mapping.CompletionProperties;
import io.dealflow.process.EscalationProperties;
import io.dealflow.process.LifecycleProperties;
import io.dealflow.sandbox.SandboxProperties;
import io.dealflow.security.AdminUserSettings;
import io.dealflow.security.WeakPasswords;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/** Refuses to start with a configuration that cannot work, naming every missing key at once. */
@Component
public class RequiredSettings implements InitializingBean {

    private final Bitrix24Properties bitrix24;
    private final HubexProperties hubex;
    private final TriggerProperties trigger;
    private final CompletionProperties completion;
    private final LifecycleProperties lifecycle;
    private final AdminUserSettings admin;
    private final SandboxProperties sandbox;
    private final EscalationProperties escalation;

    public RequiredSettings(Bitrix24Properties bitrix24, HubexProperties hubex, TriggerProperties trigger,
                            CompletionProperties completion, LifecycleProperties lifecycle, AdminUserSettings admin,
                            SandboxProperties sandbox, EscalationProperties escalation) {
        this.bitrix24 = bitrix24;
        this.hubex = hubex;
        this.trigger = trigger;
        this.completion = completion;
        this.lifecycle = lifecycle;
        this.admin = admin;
        this.sandbox = sandbox;
        this.escalation = escalation;
    }

    @Override
    public void afterPropertiesSet() {
        List<String> problems = new ArrayList<>();
        String url = bitrix24.getWebhookUrl();
        if (blank(url)) {
            problems.add("dealflow.bitrix24.webhook-url (DEALFLOW_BITRIX24_WEBHOOK_URL) is not set");
        } else if (!url.matches("(?i)^https?://.+/rest/\\d+/[^/]+/?$")) {
            problems.add("dealflow.bitrix24.webhook-url (DEALFLOW_BITRIX24_WEBHOOK_URL) must look like"
                    + " https://<portal>/rest/<user id>/<secret>/");
        }
        if (blank(bitrix24.getApplicationToken())) {
            problems.add("dealflow.bitrix24.application-token (DEALFLOW_BITRIX24_APPLICATION_TOKEN) is not set");
        }
        if (blank(hubex.getBaseUrl())) {
            problems.add("dealflow.hubex.base-url (DEALFLOW_HUBEX_BASE_URL) is not set");
        }
        if (blank(hubex.getServiceToken())) {
            problems.add("dealflow.hubex.service-token (DEALFLOW_HUBEX_SERVICE_TOKEN) is not set");
        }
        if (blank(hubex.getWebhookToken())) {
            problems.add("dealflow.hubex.webhook-token (DEALFLOW_HUBEX_WEBHOOK_TOKEN) is not set");
        }
        if (hubex.getTaskTypeId() == null) {
            problems.add("dealflow.hubex.task-type-id (DEALFLOW_HUBEX_TASK_TYPE_ID) is not set");
        }
        if (lifecycle.getDealLeftStage() == LifecycleProperties.DealLeftStage.CANCEL_TASK
                && hubex.getCancelStageId() == null) {
            problems.add("dealflow.hubex.cancel-stage-id (DEALFLOW_HUBEX_CANCEL_STAGE_ID) is not set; it is needed"
                    + " while dealflow.lifecycle.deal-left-stage is cancel-task");
        }
        if (trigger.getStageIds().isEmpty() && blank(trigger.getStageNamePrefix())) {
            problems.add("set dealflow.trigger.stage-ids (DEALFLOW_TRIGGER_STAGE_IDS) or"
                    + " dealflow.trigger.stage-name-prefix (DEALFLOW_TRIGGER_STAGE_NAME_PREFIX)");
        }
        if (blank(completion.getStageId()) && completion.getStages().isEmpty()) {
            problems.add("set dealflow.completion.stage-id (DEALFLOW_COMPLETION_STAGE_ID) or"
                    + " dealflow.completion.stages.<pipeline> (DEALFLOW_COMPLETION_STAGES_<pipeline>)");
        }
        if (completion.getCommentSource() == CompletionProperties.CommentSource.ATTRIBUTE
                && completion.getCommentAttributeId() == null) {
            problems.add("dealflow.completion.comment-source is attribute but dealflow.completion.comment-attribute-id"
                    + " (DEALFLOW_COMPLETION_COMMENT_ATTRIBUTE_ID) is not set");
        }
        if (escalation.getBeforeDeadline() == null || escalation.getBeforeDeadline().isNegative()) {
            problems.add("dealflow.escalation.before-deadline (DEALFLOW_ESCALATION_BEFORE_DEADLINE) must be a duration"
                    + " of zero or more, e.g. PT2H (zero: when the deadline passes)");
        }
        problems.addAll(adminAccountProblems());
        if (!problems.isEmpty()) {
            throw new SettingsRefusedException("DealFlow cannot start:\n  - " + String.join("\n  - ", problems));
        }
    }

    /**
     * Outside the sandbox the administrator account has no default: Cockpit, Tasklist, Admin and the REST API
     * would otherwise be open to anyone who tries admin/admin. The password is never echoed.
     */
    private List<String> adminAccountProblems() {
        List<String> problems = new ArrayList<>();
        if (blank(admin.getId())) {
            problems.add("camunda.bpm.admin-user.id (DEALFLOW_ADMIN_USER) is not set");
        }
        if (sandbox.isEnabled()) {
            return problems;
        }
        String password = admin.getPassword();
        if (blank(password)) {
            problems.add("camunda.bpm.admin-user.password (DEALFLOW_ADMIN_PASSWORD) is not set; outside the sandbox"
                    + " the administrator account has no default password");
        } else {
            String weakness = WeakPasswords.weakness(admin.getId(), password);
            if (weakness != null) {
                problems.add("camunda.bpm.admin-user.password (DEALFLOW_ADMIN_PASSWORD) " + weakness + "; choose a"
                        + " random password of at least " + WeakPasswords.MIN_LENGTH + " characters");
            }
        }
        return problems;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
