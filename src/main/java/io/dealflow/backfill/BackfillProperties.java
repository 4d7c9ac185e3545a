package io.dealflow.backfill;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How a backfill (/actuator/backfill) paces itself and reports. */
@ConfigurationProperties(prefix = "dealflow.backfill")
public class BackfillProperties {

    /**
     * Cycles started per minute at most: each new cycle soon spends a few Bitrix24 requests of its own (load the
     * deal, write the task number, comments), so a large backfill must not crowd out the live events.
     */
    private int startsPerMinute = 30;
    /** A progress line is logged every this many deals. */
    private int progressEvery = 100;
    /** Deals listed in the report (GET /actuator/backfill); beyond that only counted. */
    private int maxListed = 1000;

    public int getStartsPerMinute() { return startsPerMinute; }
    public void setStartsPerMinute(int startsPerMinute) { this.startsPerMinute = startsPerMinute; }
    public int getProgressEvery() { return progressEvery; }
    public void setProgressEvery(int progressEvery) { this.progressEvery = progressEvery; }
    public int getMaxListed() { return maxListed; }
    public void setMaxListed(int maxListed) { this.maxListed = maxListed; }
}
