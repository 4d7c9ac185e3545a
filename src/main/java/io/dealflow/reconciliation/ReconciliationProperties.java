package io.dealflow.reconciliation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The safety net behind the webhooks: how often DealFlow looks for stage entries and HubEx completions it was not
 * told about, and how much work one run may do.
 */
@ConfigurationProperties(prefix = "dealflow.reconciliation")
public class ReconciliationProperties {

    /** Off: the timer of processes/reconciliation.bpmn is suspended at startup and the steps do nothing. */
    private boolean enabled = true;
    /** Time between runs; becomes the timer cycle R/&lt;interval&gt; of the reconciliation process. */
    private Duration interval = Duration.ofMinutes(5);
    /** Pages read per feed and run (Bitrix24: 50 history entries, HubEx: hubex-page-size tasks); the rest next run. */
    private int maxPages = 20;
    /** Tasks per HubEx page (Range: items=1-100). */
    private int hubexPageSize = 100;
    /** Each HubEx window starts this much before the previous one ended: covers clock skew between the two sides. */
    private Duration hubexOverlap = Duration.ofMinutes(2);

    /**
     * HubEx tasks of waiting cycles read by ID per run, least recently read first: finds tasks deleted or cancelled
     * while their webhook was lost (HubEx lists no deletions). 0 switches the check off.
     */
    private int openTaskChecks = 50;

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getInterval() { return interval; }
    public void setInterval(Duration interval) { this.interval = interval; }
    public int getMaxPages() { return maxPages; }
    public void setMaxPages(int maxPages) { this.maxPages = maxPages; }
    public int getHubexPageSize() { return hubexPageSize; }
    public void setHubexPageSize(int hubexPageSize) { this.hubexPageSize = hubexPageSize; }
    public Duration getHubexOverlap() { return hubexOverlap; }
    public int getOpenTaskChecks() { return openTaskChecks; }
    public void setOpenTaskChecks(int openTaskChecks) { this.openTaskChecks = openTaskChecks; }
    public void setHubexOverlap(Duration hubexOverlap) { this.hubexOverlap = hubexOverlap; }
}
