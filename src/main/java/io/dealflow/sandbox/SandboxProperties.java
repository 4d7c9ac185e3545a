package io.dealflow.sandbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The built-in simulators of Bitrix24 and HubEx. On by default so that a fresh clone runs without any account;
 * production sets {@code DEALFLOW_SANDBOX_ENABLED=false}.
 */
@ConfigurationProperties(prefix = "dealflow.sandbox")
public class SandboxProperties {

    private boolean enabled = true;
    private final Bitrix24 bitrix24 = new Bitrix24();
    private final Hubex hubex = new Hubex();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Bitrix24 getBitrix24() { return bitrix24; }
    public Hubex getHubex() { return hubex; }

    public static class Bitrix24 {
        /** Secret part of the simulated inbound-webhook URL ({@code /rest/1/<secret>/}). */
        private String webhookSecret = "sandbox-secret";
        /**
         * Where simulated outbound events are POSTed; blank = this service's own /webhooks/bitrix24. Several
         * URLs, comma-separated, each get every event.
         */
        private String eventHandlerUrl = "";
        /** Whether deal changes are delivered as outbound events at all. */
        private boolean deliverEvents = true;
        /** Leaky bucket: burst size (X) and drain rate per second (Y); 0 burst switches the limit off. */
        private int bucketSize = 50;
        private double drainPerSecond = 2.0;
        private String domain = "sandbox.bitrix24.local";
        /**
         * The longest the portal works on one request (60 s in the cloud): a batch whose slow commands reach it runs
         * no further command, as the portal's request ends there.
         */
        private Duration requestTimeLimit = Duration.ofSeconds(60);

        public Duration getRequestTimeLimit() { return requestTimeLimit; }
        public void setRequestTimeLimit(Duration requestTimeLimit) { this.requestTimeLimit = requestTimeLimit; }
        public String getWebhookSecret() { return webhookSecret; }
        public void setWebhookSecret(String webhookSecret) { this.webhookSecret = webhookSecret; }
        public String getEventHandlerUrl() { return eventHandlerUrl; }
        public void setEventHandlerUrl(String eventHandlerUrl) { this.eventHandlerUrl = eventHandlerUrl; }
        public boolean isDeliverEvents() { return deliverEvents; }
        public void setDeliverEvents(boolean deliverEvents) { this.deliverEvents = deliverEvents; }
        public int getBucketSize() { return bucketSize; }
        public void setBucketSize(int bucketSize) { this.bucketSize = bucketSize; }
        public double getDrainPerSecond() { return drainPerSecond; }
        public void setDrainPerSecond(double drainPerSecond) { this.drainPerSecond = drainPerSecond; }
        public String getDomain() { return domain; }
        public void setDomain(String domain) { this.domain = domain; }
    }

    public static class Hubex {
        /** The service token the simulator accepts at POST /fsm/AUTHZ/AccessTokens. */
        private String serviceToken = "sandbox-service-token";
        /** Lifetime of issued access tokens. */
        private int accessTokenSeconds = 1800;
        /**
         * Where simulated webhook calls go; blank = this service's own /webhooks/hubex?token=…. Several URLs,
         * comma-separated, each get every call.
         */
        private String webhookUrl = "";
        private boolean deliverWebhooks = true;

        public String getServiceToken() { return serviceToken; }
        public void setServiceToken(String serviceToken) { this.serviceToken = serviceToken; }
        public int getAccessTokenSeconds() { return accessTokenSeconds; }
        public void setAccessTokenSeconds(int accessTokenSeconds) { this.accessTokenSeconds = accessTokenSeconds; }
        public String getWebhookUrl() { return webhookUrl; }
        public void setWebhookUrl(String webhookUrl) { this.webhookUrl = webhookUrl; }
        public boolean isDeliverWebhooks() { return deliverWebhooks; }
        public void setDeliverWebhooks(boolean deliverWebhooks) { this.deliverWebhooks = deliverWebhooks; }
    }
}
