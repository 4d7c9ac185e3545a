package io.dealflow.backfill;

import java.time.Instant;
import java.util.List;

/**
 * What a backfill did or is doing, as GET /actuator/backfill shows it. {@code total} is Bitrix24's count of deals
 * in a trigger stage when the run began (deals may move meanwhile); {@code processed} counts the deals looked at.
 */
public record BackfillReport(String state, boolean dryRun, Instant startedAt, Instant finishedAt, Integer total,
                             int processed, int started, int wouldStart, int skipped, int failed, String error,
                             List<DealOutcome> deals, boolean dealsTruncated) {

    public static final String IDLE = "IDLE";
    public static final String RUNNING = "RUNNING";
    public static final String FINISHED = "FINISHED";
    public static final String CANCELLED = "CANCELLED";
    public static final String FAILED = "FAILED";

    /** One deal: its ID, title, stage and what the run did or would do with it. */
    public record DealOutcome(long dealId, String title, String stageId, String outcome) {
    }

    static BackfillReport idle() {
        return new BackfillReport(IDLE, true, null, null, null, 0, 0, 0, 0, 0, null, List.of(), false);
    }
}
