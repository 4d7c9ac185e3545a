package io.dealflow.hubex;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Connection to a HubEx tenant and the settings of the tasks DealFlow creates there. */
@ConfigurationProperties(prefix = "dealflow.hubex")
public class HubexProperties {

    private String baseUrl = "https://api.hubex.ru/fsm";
    /** Long-lived service token of the API user; exchanged for 30-minute access tokens. A secret. */
    private String serviceToken = "";
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
    /** Access tokens are renewed this long before they expire. */
    private Duration tokenRenewBefore = Duration.ofMinutes(5);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(30);

    public String getBaseUrl() { return baseUrl; }
    public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
    public String getServiceToken() { return serviceToken; }
    public void setServiceToken(String serviceToken) { this.serviceToken = serviceToken; }
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
    public Duration getTokenRenewBefore() { return tokenRenewBefore; }
    public void setTokenRenewBefore(Duration tokenRenewBefore) { this.tokenRenewBefore = tokenRenewBefore; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public Duration getReadTimeout() { return readTimeout; }
    public void setReadTimeout(Duration readTimeout) { this.readTimeout = readTimeout; }
}
