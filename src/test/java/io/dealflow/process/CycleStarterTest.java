package io.dealflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.bitrix24.Deal;
import io.dealflow.bitrix24.DealGateway;
import io.dealflow.hubex.HubexClient;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/** The cycle starter's look-ups for many deals at once, against the engine and the cycle registry. */
@SpringBootTest
@ActiveProfiles("test")
class CycleStarterTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-28T09:00:00Z");

    @Autowired CycleStarter starter;
    @Autowired CycleRegistry cycles;
    @Autowired RuntimeService runtimeService;
    @MockitoBean DealGateway deals;
    @MockitoBean HubexClient hubex;

    private static long nextDeal = 880_000 + System.nanoTime() % 100_000;

    private static Deal deal(long id, String movedTime) throws Exception {
        return new Deal(new ObjectMapper().readTree("{\"ID\": \"" + id + "\", \"TITLE\": \"Сделка " + id + "\","
                + " \"STAGE_ID\": \"C1:UC_SERVICE\", \"CATEGORY_ID\": \"1\", \"MOVED_TIME\": \"" + movedTime + "\"}"));
    }

    private long instancesOf(long dealId) {
        return runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(dealId)).count();
    }

    @Test
    void oneLookUpTellsForEachDealWhetherItsEntryHadACycleAndWhetherOneRuns() throws Exception {
        long running = nextDeal++;
        long ended = nextDeal++;
        long fresh = nextDeal++;
        Deal runningEntry = deal(running, "2026-11-28T10:00:00+03:00");
        assertThat(starter.startIfNew(runningEntry, RECEIVED)).isEqualTo(CycleStarter.Outcome.STARTED);
        Deal endedEntry = deal(ended, "2026-11-27T10:00:00+03:00");
        cycles.register(ended, endedEntry.stageId(), endedEntry.movedTime(), "ended-cycle-" + ended, null);
        Deal reentry = deal(running, "2026-11-28T11:30:00+03:00");
        Deal freshEntry = deal(fresh, "2026-11-28T10:05:00+03:00");

        CycleStarter.KnownCycles known = starter.lookUp(List.of(reentry, endedEntry, freshEntry, runningEntry));

        assertThat(known.dealsWithRunningCycle()).containsExactly(String.valueOf(running));
        assertThat(known.registeredEntries()).containsExactlyInAnyOrder(
                CycleRegistry.entryKey(running, runningEntry.stageId(), runningEntry.movedTime()),
                CycleRegistry.entryKey(ended, endedEntry.stageId(), endedEntry.movedTime()));
        assertThat(starter.startIfNew(reentry, RECEIVED, known)).isEqualTo(CycleStarter.Outcome.CYCLE_STILL_OPEN);
        assertThat(starter.startIfNew(endedEntry, RECEIVED, known)).isEqualTo(CycleStarter.Outcome.ALREADY_STARTED);
        assertThat(starter.startIfNew(freshEntry, RECEIVED, known)).isEqualTo(CycleStarter.Outcome.STARTED);
        assertThat(instancesOf(running)).isEqualTo(1);
        assertThat(instancesOf(ended)).isZero();
        assertThat(instancesOf(fresh)).isEqualTo(1);
    }

    @Test
    void aCycleStartedAfterTheLookUpIsNotStartedTwice() throws Exception {
        long dealId = nextDeal++;
        Deal entry = deal(dealId, "2026-11-28T12:00:00+03:00");
        CycleStarter.KnownCycles before = starter.lookUp(List.of(entry));
        // meanwhile another node (or pass) starts the cycle of the same entry
        assertThat(starter.startIfNew(entry, RECEIVED)).isEqualTo(CycleStarter.Outcome.STARTED);

        assertThat(starter.startIfNew(entry, RECEIVED, before)).isEqualTo(CycleStarter.Outcome.ALREADY_STARTED);
        assertThat(instancesOf(dealId)).isEqualTo(1);
    }

    @Test
    void lookingUpNoDealsKnowsNothingAndQueriesNothingInvalid() {
        CycleStarter.KnownCycles known = starter.lookUp(List.of());

        assertThat(known.registeredEntries()).isEmpty();
        assertThat(known.dealsWithRunningCycle()).isEmpty();
    }
}
