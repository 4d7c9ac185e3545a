package io.dealflow.process;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Retry cycles per external system, referenced from the BPMN as {@code ${retryProfile.bitrix24}}. A list of
 * intervals gives a backoff: each failed attempt waits for the next interval, then the job becomes an incident.
 */
@Component("retryProfile")
@ConfigurationProperties(prefix = "dealflow.retry")
public class RetryProfile {

    private String bitrix24 = "PT10S,PT30S,PT2M,PT10M,PT30M";
    private String hubex = "PT10S,PT30S,PT2M,PT10M,PT30M";

    public String getBitrix24() { return bitrix24; }
    public void setBitrix24(String bitrix24) { this.bitrix24 = bitrix24; }
    public String getHubex() { return hubex; }
    public void setHubex(String hubex) { this.hubex = hubex; }
}
