package io.dealflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.bitrix24.Bitrix24Exception;
import io.dealflow.bitrix24.Deal;
import io.dealflow.bitrix24.DealGateway;
import io.dealflow.inbox.DealEventInbox.DueDeal;
import io.dealflow.metrics.DealFlowMetrics;
import io.dealflow.process.CycleStarter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the dispatcher does with the stored events of a deal, depending on what the deal turned out to be. */
class DealEventDispatcherTest {

    private final DealEventInbox inbox = mock(DealEventInbox.class);
    private final DealGateway deals = mock(DealGateway.class);
    private final TriggerStageMatcher trigger = mock(TriggerStageMatcher.class);
    private final CycleStarter starter = mock(CycleStarter.class);
    private final DealLeftStageNotifier leftStage = mock(DealLeftStageNotifier.class);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DealEventDispatcher dispatcher = new DealEventDispatcher(inbox, deals, trigger, starter, leftStage,
            new InboxProperties(), new DealFlowMetrics(registry));
    private final DueDeal due = new DueDeal(4711, 17, 0, Instant.parse("2026-03-10T09:00:00Z"));
    private final CycleStarter.KnownCycles known = new CycleStarter.KnownCycles(Set.of(), Set.of());

    @BeforeEach
    void nothingKnownOfTheDealsCycles() {
        when(starter.lookUp(any())).thenReturn(known);
    }

    @AfterEach
    void stopTheStarterThreads() {
        dispatcher.shutdown();
    }

    private Deal deal(String stage) throws Exception {
        return new Deal(new ObjectMapper().readTree("{\"ID\":\"4711\",\"STAGE_ID\":\"" + stage + "\"}"));
    }

    @Test
    void startsTheCycleOfADealInATriggerStageAndConsumesItsEvents() throws Exception {
        assertThat(new InboxProperties().isReadsAhead()).as("reads ahead by default").isTrue();
        Deal deal = deal("C1:UC_SERVICE");
        when(inbox.dueDeals(50)).thenReturn(List.of(due));
        when(deals.readDealsAhead(List.of(4711L))).thenReturn(Map.of(4711L, deal));
        when(trigger.isTriggerStage(deal)).thenReturn(true);

        dispatcher.dispatchDueEvents();

        verify(starter).startIfNew(deal, due.firstReceivedAt(), known);
        verify(inbox).done(due);
    }

    @Test
    void countsEventsHandledByOneReadAsCoalescedAndAnEntryWithACycleAsDeduplicated() throws Exception {
        Deal deal = deal("C1:UC_SERVICE");
        when(inbox.dueDeals(50)).thenReturn(List.of(due));
        when(inbox.done(due)).thenReturn(4);
        when(deals.readDealsAhead(List.of(4711L))).thenReturn(Map.of(4711L, deal));
        when(trigger.isTriggerStage(deal)).thenReturn(true);
        when(starter.startIfNew(deal, due.firstReceivedAt(), known)).thenReturn(CycleStarter.Outcome.ALREADY_STARTED);

        dispatcher.dispatchDueEvents();

        assertThat(counter("dealflow.events.deduplicated", "coalesced")).isEqualTo(3);
        assertThat(counter("dealflow.events.deduplicated", "cycle_exists")).isEqualTo(1);
        assertThat(registry.find("dealflow.events.ignored").counters()).isEmpty();
    }

    @Test
    void countsADealInNoTriggerStageWithoutACycleAsIgnoredWithoutAskingTheEngineAgain() throws Exception {
        Deal deal = deal("C1:NEW");
        when(inbox.dueDeals(50)).thenReturn(List.of(due));
        when(inbox.done(due)).thenReturn(1);
        when(deals.readDealsAhead(List.of(4711L))).thenReturn(Map.of(4711L, deal));

        dispatcher.dispatchDueEvents();

        verify(leftStage, never()).dealLeftStage(org.mockito.ArgumentMatchers.anyLong(), any());
        verify(inbox).done(due);
        assertThat(counter("dealflow.events.ignored", "not_in_trigger_stage")).isEqualTo(1);
        assertThat(registry.find("dealflow.events.deduplicated").counters()).isEmpty();
    }

    @Test
    void tellsTheRunningCycleOfADealThatLeftTheTriggerStage() throws Exception {
        Deal deal = deal("C1:LOSE");
        when(inbox.dueDeals(50)).thenReturn(List.of(due));
        when(deals.readDealsAhead(List.of(4711L))).thenReturn(Map.of(4711L, deal));
        when(starter.lookUp(any())).thenReturn(new CycleStarter.KnownCycles(Set.of(), Set.of("4711")));
        when(leftStage.dealLeftStage(4711, "C1:LOSE")).thenReturn(DealLeftStageNotifier.Outcome.TOLD);

        dispatcher.dispatchDueEvents();

        verify(leftStage).dealLeftStage(4711, "C1:LOSE");
        verify(inbox).done(due);
        assertThat(registry.find("dealflow.events.ignored").counters()).isEmpty();
    }

    private double counter(String name, String reason) {
        return registry.get(name).tag("source", "bitrix24").tag("reason", reason).counter().count();
    }

    @Test
    void keepsTheEventsWhileTheDealsCycleIsBusySoThatItIsToldWhenItWaitsAgain() throws Exception {
        Deal deal = deal("C1:LOSE");
        when(starter.lookUp(any())).thenReturn(new CycleStarter.KnownCycles(Set.of(), Set.of("4711")));
        when(inbox.dueDeals(50)).thenReturn(List.of(due));
        when(deals.readDealsAhead(List.of(4711L))).thenReturn(Map.of(4711L, deal));
        when(leftStage.dealLeftStage(4711, "C1:LOSE")).thenReturn(DealLeftStageNotifier.Outcome.CYCLE_BUSY);

        dispatcher.dispatchDueEvents();

        verify(inbox).postpone(eq(due), any(Duration.class), contains("busy"));
        verify(inbox, never()).done(due);
    }

    @Test
    void consumesTheEventsOfADeletedDealOnceItsCycleWasTold() {
        when(inbox.dueDeals(50)).thenReturn(List.of(due));
        when(deals.readDealsAhead(List.of(4711L))).thenReturn(Map.of());
        when(leftStage.dealDeleted(4711)).thenReturn(DealLeftStageNotifier.Outcome.TOLD);

        dispatcher.dispatchDueEvents();

        verify(inbox).done(due);
    }

    @Test
    void keepsTheEventsWhenBitrix24CannotBeRead() {
        when(inbox.dueDeals(50)).thenReturn(List.of(due));
        when(deals.readDealsAhead(List.of(4711L))).thenThrow(new Bitrix24Exception(Bitrix24Exception.Kind.UNAVAILABLE,
                "batch", "", "Bitrix24 batch failed: no answer"));

        dispatcher.dispatchDueEvents();

        verify(inbox).postpone(eq(due), any(Duration.class), anyString());
        verify(inbox, never()).done(due);
    }

    @Test
    void withSeveralThreadsStartsTheCyclesOfOneReadSideBySideAndConsumesEveryDealsEvents() throws Exception {
        InboxProperties fourThreads = new InboxProperties();
        fourThreads.setDispatchThreads(4);
        DealEventDispatcher dispatcher = new DealEventDispatcher(inbox, deals, trigger, starter, leftStage,
                fourThreads, new DealFlowMetrics(registry));
        List<DueDeal> four = new ArrayList<>();
        Map<Long, Deal> read = new HashMap<>();
        for (long id = 1; id <= 4; id++) {
            four.add(new DueDeal(id, 100 + id, 0, Instant.parse("2026-03-10T09:00:00Z")));
            Deal deal = new Deal(new ObjectMapper().readTree("{\"ID\":\"" + id + "\",\"STAGE_ID\":\"C1:UC_SERVICE\"}"));
            read.put(id, deal);
            when(trigger.isTriggerStage(deal)).thenReturn(true);
        }
        when(inbox.dueDeals(50)).thenReturn(four);
        when(deals.readDealsAhead(List.of(1L, 2L, 3L, 4L))).thenReturn(read);
        // every start waits until all four have begun: on one thread the first would wait in vain
        CyclicBarrier allStarting = new CyclicBarrier(4);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        when(starter.startIfNew(any(Deal.class), any(Instant.class), any())).thenAnswer(call -> {
            threads.add(Thread.currentThread().getName());
            allStarting.await(10, TimeUnit.SECONDS);
            return CycleStarter.Outcome.STARTED;
        });

        assertThat(dispatcher.dispatchDueEvents()).isEqualTo(4);

        assertThat(threads).hasSize(4).allMatch(name -> name.startsWith("dealflow-deal-starter-"));
        four.forEach(dueDeal -> verify(inbox).done(dueDeal));
        verify(inbox, never()).postpone(any(), any(), anyString());
        dispatcher.shutdown();
    }

    @Test
    void refusesADispatcherWithoutThreads() {
        InboxProperties none = new InboxProperties();
        none.setDispatchThreads(0);

        assertThatThrownBy(() -> new DealEventDispatcher(inbox, deals, trigger, starter, leftStage, none,
                new DealFlowMetrics(registry)))
                .hasMessageContaining("dealflow.inbox.dispatch-threads must be at least 1");
    }

    @Test
    void withReadsAheadOffTheDealsAreReadInTurn() throws Exception {
        InboxProperties inTurn = new InboxProperties();
        inTurn.setReadsAhead(false);
        DealEventDispatcher dispatcher = new DealEventDispatcher(inbox, deals, trigger, starter, leftStage, inTurn,
                new DealFlowMetrics(registry));
        Deal deal = deal("C1:UC_SERVICE");
        when(inbox.dueDeals(50)).thenReturn(List.of(due));
        when(deals.readDeals(List.of(4711L))).thenReturn(Map.of(4711L, deal));
        when(trigger.isTriggerStage(deal)).thenReturn(true);

        dispatcher.dispatchDueEvents();

        verify(deals, never()).readDealsAhead(any());
        verify(starter).startIfNew(deal, due.firstReceivedAt(), known);
        verify(inbox).done(due);
    }

    @Test
    void looksUpTheCyclesOfAllDealsOfAPassAtOnce() throws Exception {
        DueDeal other = new DueDeal(4712, 18, 0, Instant.parse("2026-03-10T09:00:01Z"));
        Deal first = deal("C1:UC_SERVICE");
        Deal second = new Deal(new ObjectMapper().readTree("{\"ID\":\"4712\",\"STAGE_ID\":\"C1:UC_SERVICE\"}"));
        Map<Long, Deal> read = new java.util.LinkedHashMap<>();
        read.put(4711L, first);
        read.put(4712L, second);
        when(inbox.dueDeals(50)).thenReturn(List.of(due, other));
        when(deals.readDealsAhead(List.of(4711L, 4712L))).thenReturn(read);
        when(trigger.isTriggerStage(any())).thenReturn(true);

        dispatcher.dispatchDueEvents();

        verify(starter, org.mockito.Mockito.times(1)).lookUp(argThat(dealsOfPass ->
                List.copyOf(dealsOfPass).equals(List.of(first, second))));
        verify(starter).startIfNew(first, due.firstReceivedAt(), known);
        verify(starter).startIfNew(second, other.firstReceivedAt(), known);
    }

    @Test
    void aLookUpThatFailsKeepsTheEventsOfThePassAndStartsNothing() throws Exception {
        Deal deal = deal("C1:UC_SERVICE");
        when(inbox.dueDeals(50)).thenReturn(List.of(due));
        when(deals.readDealsAhead(List.of(4711L))).thenReturn(Map.of(4711L, deal));
        when(starter.lookUp(any())).thenThrow(new org.springframework.dao.DataAccessResourceFailureException(
                "connection refused"));

        dispatcher.dispatchDueEvents();

        verify(inbox).postpone(eq(due), any(), eq("connection refused"));
        verify(starter, never()).startIfNew(any(), any(), any());
        verify(inbox, never()).done(any());
    }
}
