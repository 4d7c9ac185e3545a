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
    /** When set, only events whose auth[domain] is this portal (case-insensitive) are accepted. */
    private String expectedDomain = "";
    /** When set, only events whose auth[member_id] is this portal ID are accepted. */
    private String expectedMemberId = "";
    private Duration connectTimeout = Duration.ofSeconds(5);
    /** Bitrix24 may take up to 60 s for one request in the cloud. */
    private Duration readTimeout = Duration.ofSeconds(65);
    /**
     * The longest the portal works on one request (60 s in the cloud). A call DealFlow stopped waiting for may still
     * take effect until then; a retried timeline comment waits for it instead of being added twice.
     */
    private Duration requestTimeLimit = Duration.ofSeconds(60);
    /** How often a call refused with QUERY_LIMIT_EXCEEDED is repeated in place before the job retry takes over. */
    private int rateLimitRetries = 4;
    private Duration rateLimitBackoff = Duration.ofMillis(500);
    /** Check the configured deal field codes against crm.deal.fields when the service starts. */
    private boolean checkFieldsAtStartup = true;
    /** The client-side copy of the portal's leaky bucket, shared by every thread of this service. */
    private final RateLimit rateLimit = new RateLimit();
    /** How the calls of many deals share {@code batch} requests. */
    private final Batching batching = new Batching();

    public String getWebhookUrl() { return webhookUrl; }
    public void setWebhookUrl(String webhookUrl) { this.webhookUrl = webhookUrl; }
    public String getApplicationToken() { return applicationToken; }
    public void setApplicationToken(String applicationToken) { this.applicationToken = applicationToken; }
    public String getExpectedDomain() { return expectedDomain; }
    public void setExpectedDomain(String expectedDomain) { this.expectedDomain = expectedDomain; }
    public String getExpectedMemberId() { return expectedMemberId; }
    public void setExpectedMemberId(String expectedMemberId) { this.expectedMemberId = expectedMemberId; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public Duration getReadTimeout() { return readTimeout; }
    public void setReadTimeout(Duration readTimeout) { this.readTimeout = readTimeout; }
    public Duration getRequestTimeLimit() { return requestTimeLimit; }
    public void setRequestTimeLimit(Duration requestTimeLimit) { this.requestTimeLimit = requestTimeLimit; }

    /**
     * How long after a call is handed to the client it may still take effect at the portal, when nothing else is
     * known of it (the node died waiting): the wait for a slot, then the portal's time for the request.
     */
    public Duration mayTakeEffectWithin() {
        return rateLimit.getMaxWait().plus(requestTimeLimit);
    }

    /**
     * How long after a failed call it may still take effect: only a request whose answer DealFlow stopped waiting
     * for before the portal's limit can still be running. Zero with a read timeout at or above that limit.
     */
    public Duration mayTakeEffectAfterFailure() {
        Duration left = requestTimeLimit.minus(readTimeout);
        return left.isNegative() ? Duration.ZERO : left;
    }
    public int getRateLimitRetries() { return rateLimitRetries; }
    public void setRateLimitRetries(int rateLimitRetries) { this.rateLimitRetries = rateLimitRetries; }
    public boolean isCheckFieldsAtStartup() { return checkFieldsAtStartup; }
    public void setCheckFieldsAtStartup(boolean check) { this.checkFieldsAtStartup = check; }
    public Duration getRateLimitBackoff() { return rateLimitBackoff; }
    public void setRateLimitBackoff(Duration rateLimitBackoff) { this.rateLimitBackoff = rateLimitBackoff; }
    public RateLimit getRateLimit() { return rateLimit; }
    public Batching getBatching() { return batching; }

    /**
     * The portal's request-intensity limit (leaky bucket, reference §5.1): {@code burst} requests at once, then
     * {@code perSecond} per second. Standard plans 50 / 2, Enterprise 250 / 5. A batch is one request.
     */
    public static class RateLimit {

        private boolean enabled = true;
        private int burst = 50;
        private double perSecond = 2.0;
        /** How long a caller may wait for a free slot before the call fails (retryable) without being sent. */
        private Duration maxWait = Duration.ofSeconds(30);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public int getBurst() { return burst; }
        public void setBurst(int burst) { this.burst = burst; }
        public double getPerSecond() { return perSecond; }
        public void setPerSecond(double perSecond) { this.perSecond = perSecond; }
        public Duration getMaxWait() { return maxWait; }
        public void setMaxWait(Duration maxWait) { this.maxWait = maxWait; }
    }

    /**
     * Group commit of REST calls: calls made at the same time by different threads (jobs of different deals, the
     * event dispatcher) leave together in one {@code batch} request whenever the rate limit grants one, so that
     * under load a request carries up to {@code maxCommands} calls instead of one.
     */
    public static class Batching {

        private boolean enabled = true;
        /** Commands per batch request; Bitrix24 takes at most 50. */
        private int maxCommands = 50;
        /**
         * How long the first waiting call may be held back for others to join it, even though a request slot is
         * free. 0: a call leaves as soon as a slot is free; calls only gather while no slot is.
         */
        private Duration maxLinger = Duration.ZERO;
        /** Requests on their way at once; calls gather while all of them are busy. */
        private int maxInFlight = 4;
        /**
         * While a request is on its way, how long the calls that come meanwhile wait for it to come back, to leave
         * together in the next request, before another request goes out for them; a full batch never waits. 0:
         * a call leaves on any free sender at once.
         */
        private Duration gatherBehindInFlight = Duration.ofMillis(250);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public int getMaxCommands() { return maxCommands; }
        public void setMaxCommands(int maxCommands) { this.maxCommands = maxCommands; }
        public Duration getMaxLinger() { return maxLinger; }
        public void setMaxLinger(Duration maxLinger) { this.maxLinger = maxLinger; }
        public int getMaxInFlight() { return maxInFlight; }
        public void setMaxInFlight(int maxInFlight) { this.maxInFlight = maxInFlight; }
        public Duration getGatherBehindInFlight() { return gatherBehindInFlight; }
        public void setGatherBehindInFlight(Duration gatherBehindInFlight) {
            this.gatherBehindInFlight = gatherBehindInFlight;
        }
    }
}
