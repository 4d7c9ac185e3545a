package io.dealflow.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.bitrix24.Bitrix24Exception;
import io.dealflow.bitrix24.Deal;
import io.dealflow.bitrix24.DealGateway;
import io.dealflow.bitrix24.DealGateway.DealPage;
import io.dealflow.inbox.TriggerStageMatcher;
import io.dealflow.process.CycleStarter;
import org.junit.jupiter.api.Test;

/** The backfill's paging, counting and choices, with Bitrix24 and the cycle starter mocked. */
class BackfillTest {

    private static final Set<String> STAGES = Set.of("C1:UC_SERVICE");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DealGateway deals = mock(DealGateway.class);
    private final TriggerStageMatcher trigger = mock(TriggerStageMatcher.class);
    private final CycleStarter starter = mock(CycleStarter.class);
    private final BackfillProperties properties = new BackfillProperties();
    private final Backfill backfill = new Backfill(deals, trigger, starter, properties);

    BackfillTest() {
        properties.setStartsPerMinute(0);
        properties.setProgressEvery(50);
        when(trigger.triggerStageIds()).thenReturn(STAGES);
    }

    private static Deal deal(long id) {
        return new Deal(JSON.createObjectNode().put("ID", String.valueOf(id)).put("TITLE", "Deal " + id)
                .put("STAGE_ID", "C1:UC_SERVICE").put("MOVED_TIME", "2026-03-01T10:00:00+03:00"));
    }

    private static List<Deal> range(long from, long to) {
        List<Deal> list = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            list.add(deal(id));
        }
        return list;
    }

    private BackfillReport run(boolean dryRun) throws InterruptedException {
        assertThat(backfill.start(dryRun)).isPresent();
        backfill.awaitEnd(Duration.ofSeconds(10));
        return backfill.report();
    }

    @Test
    void pagesThroughEveryDealByIdCountingOnlyOnce() throws Exception {
        when(deals.dealsInStages(STAGES, 0, true)).thenReturn(new DealPage(range(1, 50), 120));
        when(deals.dealsInStages(STAGES, 50, false)).thenReturn(new DealPage(range(51, 100), null));
        when(deals.dealsInStages(STAGES, 100, false)).thenReturn(new DealPage(range(101, 120), null));
        when(starter.preview(any())).thenReturn(CycleStarter.Preview.WOULD_START);

        BackfillReport report = run(true);

        assertThat(report.state()).isEqualTo(BackfillReport.FINISHED);
        assertThat(report.total()).isEqualTo(120);
        assertThat(report.processed()).isEqualTo(120);
        assertThat(report.wouldStart()).isEqualTo(120);
        assertThat(report.started()).isZero();
        assertThat(report.deals()).hasSize(120).first().isEqualTo(
                new BackfillReport.DealOutcome(1, "Deal 1", "C1:UC_SERVICE", "would start"));
        verify(starter, never()).startIfNew(any());
    }

    @Test
    void aRealRunStartsOnlyWhatThePreviewAllowsAndReportsTheRest() throws Exception {
        when(deals.dealsInStages(STAGES, 0, true)).thenReturn(new DealPage(range(1, 4), 4));
        when(starter.preview(any())).thenReturn(CycleStarter.Preview.WOULD_START);
        when(starter.preview(deal(2))).thenReturn(CycleStarter.Preview.OPEN_CYCLE);
        when(starter.preview(deal(3))).thenReturn(CycleStarter.Preview.DONE_FOR_THIS_ENTRY);
        when(starter.startIfNew(deal(1))).thenReturn(CycleStarter.Outcome.STARTED);
        when(starter.startIfNew(deal(4))).thenReturn(CycleStarter.Outcome.ALREADY_STARTED);

        BackfillReport report = run(false);

        assertThat(report.started()).isEqualTo(1);
        assertThat(report.skipped()).isEqualTo(3);
        assertThat(report.deals()).extracting(BackfillReport.DealOutcome::outcome).containsExactly("started",
                "already has an open cycle", "cycle done for this stage entry", "cycle done for this stage entry");
        verify(starter, never()).startIfNew(deal(2));
        verify(starter, never()).startIfNew(deal(3));
    }

    @Test
    void aFailedDealIsReportedAndTheRunGoesOn() throws Exception {
        when(deals.dealsInStages(STAGES, 0, true)).thenReturn(new DealPage(range(1, 2), 2));
        when(starter.preview(deal(1))).thenThrow(new IllegalStateException("engine unavailable"));
        when(starter.preview(deal(2))).thenReturn(CycleStarter.Preview.WOULD_START);

        BackfillReport report = run(true);

        assertThat(report.state()).isEqualTo(BackfillReport.FINISHED);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.wouldStart()).isEqualTo(1);
        assertThat(report.deals().get(0).outcome()).isEqualTo("failed: engine unavailable");
    }

    @Test
    void aRunThatCannotListTheDealsFailsWithTheReason() throws Exception {
        when(deals.dealsInStages(STAGES, 0, true)).thenThrow(new Bitrix24Exception(Bitrix24Exception.Kind.AUTH,
                "crm.deal.list", "NO_AUTH_FOUND", "Bitrix24 crm.deal.list failed: HTTP 401 NO_AUTH_FOUND"));

        BackfillReport report = run(false);

        assertThat(report.state()).isEqualTo(BackfillReport.FAILED);
        assertThat(report.error()).contains("NO_AUTH_FOUND");
    }

    @Test
    void oneRunAtATime() throws Exception {
        properties.setStartsPerMinute(60);
        when(deals.dealsInStages(STAGES, 0, true)).thenReturn(new DealPage(range(1, 3), 3));
        when(starter.preview(any())).thenReturn(CycleStarter.Preview.WOULD_START);
        when(starter.startIfNew(any())).thenReturn(CycleStarter.Outcome.STARTED);

        assertThat(backfill.start(false)).isPresent();
        assertThat(backfill.start(true)).as("a second run while the first paces its starts").isEmpty();
        assertThat(backfill.cancel()).isTrue();
        backfill.awaitEnd(Duration.ofSeconds(10));

        assertThat(backfill.report().state()).isEqualTo(BackfillReport.CANCELLED);
        assertThat(backfill.report().started()).isLessThan(3);
        assertThat(backfill.cancel()).isFalse();
    }
}
