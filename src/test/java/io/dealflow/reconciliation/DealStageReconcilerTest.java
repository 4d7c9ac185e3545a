package io.dealflow.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import io.dealflow.bitrix24.DealGateway;
import io.dealflow.bitrix24.StageHistoryEntry;
import io.dealflow.inbox.DealEventInbox;
import io.dealflow.inbox.TriggerStageMatcher;
import io.dealflow.process.CycleRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DealStageReconcilerTest {

    private static final Set<String> STAGES = new LinkedHashSet<>(List.of("C1:UC_SERVICE", "C3:UC_SRV01"));

    private final DealGateway deals = mock(DealGateway.class);
    private final TriggerStageMatcher trigger = mock(TriggerStageMatcher.class);
    private final CursorStore cursors = mock(CursorStore.class);
    private final DealEventInbox inbox = mock(DealEventInbox.class);
    private final CycleRegistry cycles = mock(CycleRegistry.class);
    private final ReconciliationProperties properties = new ReconciliationProperties();
    private DealStageReconciler reconciler;

    @BeforeEach
    void setUp() {
        when(trigger.triggerStageIds()).thenReturn(STAGES);
        reconciler = new DealStageReconciler(deals, trigger, cursors, inbox, cycles, properties);
    }

    /** A page of entries with IDs from..to, deal = 4000 + ID % 7. */
    private static List<StageHistoryEntry> entries(long from, long to) {
        List<StageHistoryEntry> page = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            page.add(new StageHistoryEntry(id, 4000 + id % 7, "C1:UC_SERVICE", "2026-09-01T10:00:00+03:00"));
        }
        return page;
    }

    @Test
    void theFirstRunReadsFromTheFirstStageEntrySinceInstallationSoThatEarlierLostEventsAreFound() {
        Instant installed = Instant.parse("2026-11-28T09:16:02Z");
        when(cursors.lock(CursorStore.BITRIX24_STAGE_HISTORY)).thenReturn(Optional.empty());
        when(cursors.writtenAt(CursorStore.BITRIX24_STAGE_HISTORY)).thenReturn(Optional.of(installed));
        when(deals.firstStageHistoryIdSince(installed, STAGES)).thenReturn(OptionalLong.of(41));
        when(deals.stageHistoryAfter(40, STAGES)).thenReturn(entries(41, 45));

        DealStageReconciler.Result result = reconciler.run();

        assertThat(result).isEqualTo(new DealStageReconciler.Result(5, 5, false));
        for (long id = 41; id <= 45; id++) {
            verify(inbox).record(4000 + id % 7, DealStageReconciler.EVENT_TYPE, null);
        }
        verify(cursors).save(CursorStore.BITRIX24_STAGE_HISTORY, "45");
        verify(deals, never()).newestStageHistoryId();
    }

    @Test
    void theFirstRunWithoutStageEntriesSinceInstallationStartsAtTheNewestEntryWithoutReplayingHistory() {
        Instant installed = Instant.parse("2026-11-28T09:16:02Z");
        when(cursors.lock(CursorStore.BITRIX24_STAGE_HISTORY)).thenReturn(Optional.empty());
        when(cursors.writtenAt(CursorStore.BITRIX24_STAGE_HISTORY)).thenReturn(Optional.of(installed));
        when(deals.firstStageHistoryIdSince(installed, STAGES)).thenReturn(OptionalLong.empty());
        when(deals.newestStageHistoryId()).thenReturn(OptionalLong.of(9051));

        DealStageReconciler.Result result = reconciler.run();

        assertThat(result).isEqualTo(new DealStageReconciler.Result(0, 0, false));
        verify(cursors).save(CursorStore.BITRIX24_STAGE_HISTORY, "9051");
        verify(deals, never()).stageHistoryAfter(anyLong(), anyCollection());
        verify(inbox, never()).record(anyLong(), anyString(), eq(null));
    }

    @Test
    void aPortalWithoutHistoryStartsAtZero() {
        when(cursors.lock(CursorStore.BITRIX24_STAGE_HISTORY)).thenReturn(Optional.empty());
        when(deals.newestStageHistoryId()).thenReturn(OptionalLong.empty());

        reconciler.run();

        verify(cursors).save(CursorStore.BITRIX24_STAGE_HISTORY, "0");
    }

    @Test
    void readsPagesAfterTheCursorUntilOneIsNotFullAndRecordsEachDealOnce() {
        when(cursors.lock(CursorStore.BITRIX24_STAGE_HISTORY)).thenReturn(Optional.of("100"));
        when(deals.stageHistoryAfter(100, STAGES)).thenReturn(entries(101, 150));
        when(deals.stageHistoryAfter(150, STAGES)).thenReturn(entries(151, 153));

        DealStageReconciler.Result result = reconciler.run();

        assertThat(result).isEqualTo(new DealStageReconciler.Result(53, 7, false));
        for (long deal = 4000; deal < 4007; deal++) {
            verify(inbox, times(1)).record(deal, DealStageReconciler.EVENT_TYPE, null);
        }
        verify(deals, times(2)).stageHistoryAfter(anyLong(), anyCollection());
        verify(cursors).save(CursorStore.BITRIX24_STAGE_HISTORY, "153");
    }

    @Test
    void nothingNewKeepsTheCursorAndRecordsNothing() {
        when(cursors.lock(CursorStore.BITRIX24_STAGE_HISTORY)).thenReturn(Optional.of("153"));
        when(deals.stageHistoryAfter(153, STAGES)).thenReturn(List.of());

        assertThat(reconciler.run()).isEqualTo(new DealStageReconciler.Result(0, 0, false));

        verify(inbox, never()).record(anyLong(), anyString(), eq(null));
        verify(cursors).save(CursorStore.BITRIX24_STAGE_HISTORY, "153");
    }

    @Test
    void oneRunReadsAtMostMaxPagesAndTheNextContinuesWhereItStopped() {
        properties.setMaxPages(2);
        when(cursors.lock(CursorStore.BITRIX24_STAGE_HISTORY)).thenReturn(Optional.of("0"));
        when(deals.stageHistoryAfter(0, STAGES)).thenReturn(entries(1, 50));
        when(deals.stageHistoryAfter(50, STAGES)).thenReturn(entries(51, 100));

        DealStageReconciler.Result result = reconciler.run();

        assertThat(result.more()).isTrue();
        assertThat(result.entries()).isEqualTo(100);
        verify(deals, times(2)).stageHistoryAfter(anyLong(), anyCollection());
        verify(cursors).save(CursorStore.BITRIX24_STAGE_HISTORY, "100");
    }

    @Test
    void anEntryWhoseCycleIsRegisteredAlreadyNeedsNoEvent() {
        when(cursors.lock(CursorStore.BITRIX24_STAGE_HISTORY)).thenReturn(Optional.of("10"));
        when(deals.stageHistoryAfter(10, STAGES)).thenReturn(List.of(
                new StageHistoryEntry(11, 4711, "C1:UC_SERVICE", "2026-09-01T10:15:02+03:00"),
                new StageHistoryEntry(12, 4712, "C1:UC_SERVICE", "2026-09-01T10:16:02+03:00")));
        when(cycles.isRegistered(4711, "C1:UC_SERVICE", "2026-09-01T10:15:02+03:00")).thenReturn(true);

        assertThat(reconciler.run().deals()).isEqualTo(1);

        verify(inbox).record(4712, DealStageReconciler.EVENT_TYPE, null);
        verify(inbox, never()).record(eq(4711L), anyString(), eq(null));
        verify(cursors).save(CursorStore.BITRIX24_STAGE_HISTORY, "12");
    }

    @Test
    void withoutAnyTriggerStageTheCursorMovesToNow() {
        when(trigger.triggerStageIds()).thenReturn(Set.of());
        when(cursors.lock(CursorStore.BITRIX24_STAGE_HISTORY)).thenReturn(Optional.of("10"));
        when(deals.newestStageHistoryId()).thenReturn(OptionalLong.of(77));

        reconciler.run();

        verify(deals, never()).stageHistoryAfter(anyLong(), anyCollection());
        verify(cursors).save(CursorStore.BITRIX24_STAGE_HISTORY, "77");
    }
}
