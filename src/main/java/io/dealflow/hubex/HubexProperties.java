package io.dealflow.hubex;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Connection to a HubEx tenant and the settings of the tasks DealFlow creates there. */
@ConfigurationProperties(prefix = "dealflow.hubex")
public class HubexProperties {

    private String baseUrl = "https://api.hubex.ru/fsm";
    /** Long-lived service token of the API user; exchanged for 30-minute access tokens. A secret. */
    private String serviceToken = "";
    /**
     * The service token's expiry date as HubEx's admin UI shows it («Действителен до»); HubEx's API does not tell
     * it. Unset: the health check cannot warn before the token expires.
     */
    private java.time.LocalDate serviceTokenValidUntil;
    /** Sent as X-Application-ID on every call. */
    private String applicationId = "5";
    /** Token expected in ?token= of incoming HubEx webhook calls. A secret. */
    private String webhookToken = "";
    private Integer taskTypeId;
    private int requestMethodId = 4;
    /** Link to a task in HubEx's web app, {id} and {number} replaced; empty = no links. */
    private String taskUrlTemplate = "";
    /** Stages that count as "completed" even when timesheet.completed is empty (the life cycle's final stage). */
    private java.util.List<Integer> finalStageIds = new java.util.ArrayList<>();
    /** Stages that mean the task was cancelled (a deleted task counts as cancelled too). */
    private java.util.List<Integer> cancelledStageIds = new java.util.ArrayList<>();
    /**
     * The stage DealFlow moves a task to when its deal was deleted or left the service stage
     * (POST /WORK/TaskStagingHistory); it must be reachable from the stages a task waits in. No default.
     */
    private Integer cancelStageId;
    /** Access tokens are renewed this long before they expire. */
    private Duration tokenRenewBefore = Duration.ofMinutes(5);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(30);
    /** How often a call answered 429 or 5xx is repeated in place before the job retry takes over. */
    private int retries = 2;
    /** First pause before such a repeat; it doubles per attempt. A Retry-After header replaces it. */
    private Duration retryBackoff = Duration.ofMillis(500);
    /** The client-side limit of HubEx calls, shared by every thread of this service. */
    private final RateLimit rateLimit = new RateLimit();
    /**
     * Switch webhooks that HubEx has switched off (after 10 failed calls) on again when the reconciliation finds
     * them ({@link HubexWebhookHealth}).
     */
    private boolean reactivateWebhooks = false;

    public String getBaseUrl() { return baseUrl; }
    public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
    public String getServiceToken() { return serviceToken; }
    public void setServiceToken(String serviceToken) { this.serviceToken = serviceToken; }
    public java.time.LocalDate getServiceTokenValidUntil() { return serviceTokenValidUntil; }
    public void setServiceTokenValidUntil(java.time.LocalDate date) { this.serviceTokenValidUntil = date; }
    public String getApplicationId() { return applicationId; }
    public void setApplicationId(String applicationId) { this.applicationId = applicationId; }
    public String getWebhookToken() { return webhookToken; }
    public void setWebhookToken(String webhookToken) { this.webhookToken = webhookToken; }
    public Integer getTaskTypeId() { return taskTypeId; }
    public void setTaskTypeId(Integer taskTypeId) { this.taskTypeId = taskTypeId; }
    public String getTaskUrlTemplate() { return taskUrlTemplate; }
    public void setTaskUrlTemplate(String taskUrlTemplate) { this.taskUrlTemplate = taskUrlTemplate; }
    public int getRequestMethodId() { return requestMethodId; }
    public void setRequestMethodId(int requestMethodId) { this.requestMethodId = requestMethodId; }
    public java.util.List<Integer> getCancelledStageIds() { return cancelledStageIds; }
    public void setCancelledStageIds(java.util.List<Integer> ids) { this.cancelledStageIds = ids; }
    public java.util.List<Integer> getFinalStageIds() { return finalStageIds; }
    public void setFinalStageIds(java.util.List<Integer> finalStageIds) { this.finalStageIds = finalStageIds; }
    public Integer getCancelStageId() { return cancelStageId; }
    public void setCancelStageId(Integer cancelStageId) { this.cancelStageId = cancelStageId; }
    public Duration getTokenRenewBefore() { return tokenRenewBefore; }
    public void setTokenRenewBefore(Duration tokenRenewBefore) { this.tokenRenewBefore = tokenRenewBefore; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public Duration getReadTimeout() { return readTimeout; }
    public void setReadTimeout(Duration readTimeout) { this.readTimeout = readTimeout; }
    public int getRetries() { return retries; }
    public void setRetries(int retries) { this.retries = retries; }
    public Duration getRetryBackoff() { return retryBackoff; }
    public void setRetryBackoff(Duration retryBackoff) { this.retryBackoff = retryBackoff; }
    public RateLimit getRateLimit() { return rateLimit; }
    public boolean isReactivateWebhooks() { return reactivateWebhooks; }
    public void setReactivateWebhooks(boolean reactivateWebhooks) { this.reactivateWebhooks = reactivateWebhooks; }

    /**
     * HubEx documents only "usually 60 requests per minute" (reference §4.5): a token bucket of {@code burst}
     * requests (empty = {@code per-minute}), refilled at {@code per-minute} per minute.
     */
    public static class RateLimit {

        private boolean enabled = true;
        private int perMinute = 60;
        private Integer burst;
        /** How long a caller may wait in place (for a free slot, or for a Retry-After) before the call fails. */
        private Duration maxWait = Duration.ofSeconds(30);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public int getPerMinute() { return perMinute; }
        public void setPerMinute(int perMinute) { this.perMinute = perMinute; }
        public Integer getBurst() { return burst; }
        public void setBurst(Integer burst) { this.burst = burst; }
        public Duration getMaxWait() { return maxWait; }
        public void setMaxWait(Duration maxWait) { this.maxWait = maxWait; }
    }
}
