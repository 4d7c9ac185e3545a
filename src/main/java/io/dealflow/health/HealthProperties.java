package io.dealflow.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How the health indicators behind {@code /actuator/health} judge Bitrix24, HubEx and the reconciliation. */
@ConfigurationProperties(prefix = "dealflow.health")
public class HealthProperties {

    private final Bitrix24 bitrix24 = new Bitrix24();
    private final Hubex hubex = new Hubex();
    private final Reconciliation reconciliation = new Reconciliation();

    public Bitrix24 getBitrix24() { return bitrix24; }
    public Hubex getHubex() { return hubex; }
    public Reconciliation getReconciliation() { return reconciliation; }

    public static class Bitrix24 {
        /** How long the result of one check call is reused: probes must not eat the portal's request budget. */
        private Duration cacheFor = Duration.ofMinutes(5);

        public Duration getCacheFor() { return cacheFor; }
        public void setCacheFor(Duration cacheFor) { this.cacheFor = cacheFor; }
    }

    public static class Hubex {
        /** How long the result of one token exchange is reused. */
        private Duration cacheFor = Duration.ofMinutes(5);
        /** WARNING this long before dealflow.hubex.service-token-valid-until. */
        private Duration serviceTokenWarnBefore = Duration.ofDays(30);

        public Duration getCacheFor() { return cacheFor; }
        public void setCacheFor(Duration cacheFor) { this.cacheFor = cacheFor; }
        public Duration getServiceTokenWarnBefore() { return serviceTokenWarnBefore; }
        public void setServiceTokenWarnBefore(Duration warnBefore) { this.serviceTokenWarnBefore = warnBefore; }
    }

    public static class Reconciliation {
        /** WARNING when the last successful run is more than this many intervals ago. */
        private int warnAfterIntervals = 3;
        /** DOWN when it is more than this many intervals ago. */
        private int downAfterIntervals = 12;

        public int getWarnAfterIntervals() { return warnAfterIntervals; }
        public void setWarnAfterIntervals(int intervals) { this.warnAfterIntervals = intervals; }
        public int getDownAfterIntervals() { return downAfterIntervals; }
        public void setDownAfterIntervals(int intervals) { this.downAfterIntervals = intervals; }
    }
}
