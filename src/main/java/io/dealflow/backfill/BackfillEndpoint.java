package io.dealflow.backfill;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/backfill}: GET shows the running or last run, POST {@code {"dryRun": false}} starts a run (a
 * POST without {@code dryRun} is a dry run: starting cycles must be asked for), DELETE stops a running one after
 * the deal at hand. Protected like the rest of /actuator.
 */
@Component
@Endpoint(id = "backfill")
public class BackfillEndpoint {

    private final Backfill backfill;

    public BackfillEndpoint(Backfill backfill) {
        this.backfill = backfill;
    }

    @ReadOperation
    public BackfillReport report() {
        return backfill.report();
    }

    @WriteOperation
    public WebEndpointResponse<BackfillReport> start(@Nullable Boolean dryRun) {
        boolean dry = dryRun == null || dryRun;
        return backfill.start(dry)
                .map(report -> new WebEndpointResponse<>(report, 202))
                .orElseGet(() -> new WebEndpointResponse<>(backfill.report(), 409));
    }

    @DeleteOperation
    public WebEndpointResponse<BackfillReport> cancel() {
        return new WebEndpointResponse<>(backfill.report(), backfill.cancel() ? 202 : 409);
    }
}
