package io.dealflow.bitrix24;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Connection to one Bitrix24 portal through an inbound webhook, and the check of its outbound events. */
@ConfigurationProperties(prefix = "dealflow.bitrix24")
public class Bitrix24Properties {

    /** Inbound webhook URL, e.g. https://portal.bitrix24.ru/rest/1/secret/ — a secret, never logged. */
    private String webhookUrl = "";
    /** The «Токен приложения» of the outgoing webhook; events carrying another token are rejected. */
    private String applicationToken = "";
    private Duration connectTimeout = Duration.ofSeconds(5);
    /** Bitrix24 may take up to 60 s for one request in the cloud. */
    private Duration readTimeout = Duration.ofSeconds(65);
    /** How often a call refused with QUERY_LIMIT_EXCEEDED is repeated in place before the job retry takes over. */
    private int rateLimitRetries = 4;
    private Duration rateLimitBackoff = Duration.ofMillis(500);
    /** Check the configured deal field codes against crm.deal.fields when the service starts. */
    private boolean checkFieldsAtStartup = true;

    public String getWebhookUrl() { return webhookUrl; }
    public void setWebhookUrl(String webhookUrl) { this.webhookUrl = webhookUrl; }
    public String getApplicationToken() { return applicationToken; }
    public void setApplicationToken(String applicationToken) { this.applicationToken = applicationToken; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public Duration getReadTimeout() { return readTimeout; }
    public void setReadTimeout(Duration readTimeout) { this.readTimeout = readTimeout; }
    public int getRateLimitRetries() { return rateLimitRetries; }
    public void setRateLimitRetries(int rateLimitRetries) { this.rateLimitRetries = rateLimitRetries; }
    public boolean isCheckFieldsAtStartup() { return checkFieldsAtStartup; }
    public void setCheckFieldsAtStartup(boolean check) { this.checkFieldsAtStartup = check; }
    public Duration getRateLimitBackoff() { return rateLimitBackoff; }
    public void setRateLimitBackoff(Duration rateLimitBackoff) { this.rateLimitBackoff = rateLimitBackoff; }
}
