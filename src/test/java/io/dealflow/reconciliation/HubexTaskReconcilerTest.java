package io.dealflow.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anySet;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.dealflow.hubex.HubexCompletedTasks;
import io.dealflow.inbox.TaskEventInbox;
import io.dealflow.process.CycleRegistry;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HubexTaskReconcilerTest {

    private static final Instant LAST_END = Instant.parse("2026-08-28T13:00:00Z");
    private static final Instant NOW = Instant.parse("2026-08-28T13:05:00Z");
    private static final Instant FROM = Instant.parse("2026-08-28T12:58:00Z");

    private final HubexCompletedTasks tasks = mock(HubexCompletedTasks.class);
    private final CycleRegistry cycles = mock(CycleRegistry.class);
    private final RuntimeService runtimeService = mock(RuntimeService.class, RETURNS_DEEP_STUBS);
    private final TaskEventInbox inbox = mock(TaskEventInbox.class);
    private final CursorStore cursors = mock(CursorStore.class);
    private final ReconciliationProperties properties = new ReconciliationProperties();
    private HubexTaskReconciler reconciler;

    @BeforeEach
    void setUp() {
        properties.setHubexPageSize(3);
        reconciler = new HubexTaskReconciler(tasks, cycles, runtimeService, inbox, cursors, properties,
                Clock.fixed(NOW.plusMillis(400), ZoneOffset.UTC));
        when(cycles.processOfTask(org.mockito.ArgumentMatchers.anyLong())).thenReturn(Optional.empty());
    }

    private static Map<Long, JsonNode> page(long... ids) {
        Map<Long, JsonNode> page = new LinkedHashMap<>();
        for (long id : ids) {
            page.put(id, JsonNodeFactory.instance.objectNode().put("number", "N" + id));
        }
        return page;
    }

    private void running(String... instanceIds) {
        List<ProcessInstance> instances = java.util.Arrays.stream(instanceIds).map(id -> {
            ProcessInstance instance = mock(ProcessInstance.class);
            when(instance.getId()).thenReturn(id);
            return instance;
        }).toList();
        when(runtimeService.createProcessInstanceQuery().processInstanceIds(anySet()).list()).thenReturn(instances);
    }

    @Test
    void theFirstRunStartsFromNowAndAsksHubexNothing() {
        when(cursors.lock(CursorStore.HUBEX_COMPLETED_TASKS)).thenReturn(Optional.empty());

        assertThat(reconciler.run()).isEqualTo(new HubexTaskReconciler.Result(0, 0, false));

        verify(cursors).save(CursorStore.HUBEX_COMPLETED_TASKS, "2026-08-28T13:05:00Z");
        verify(tasks, never()).page(any(), any(), anyInt(), anyInt());
        verify(inbox, never()).record(anyList());
    }

    @Test
    void theFirstRunWithCyclesWaitingReadsFromTheOldestOfThemSoThatEarlierLostWebhooksAreFound() {
        when(cursors.lock(CursorStore.HUBEX_COMPLETED_TASKS)).thenReturn(Optional.empty());
        when(cycles.oldestOpenCycleWithTask()).thenReturn(Optional.of(LAST_END.plusMillis(700)));
        when(tasks.page(FROM, NOW, 1, 3)).thenReturn(page(5129));
        when(cycles.processOfTask(5129L)).thenReturn(Optional.of("pi-open"));
        running("pi-open");

        assertThat(reconciler.run()).isEqualTo(new HubexTaskReconciler.Result(1, 1, false));

        verify(inbox).record(List.of(5129L));
        verify(cursors).save(CursorStore.HUBEX_COMPLETED_TASKS, NOW.toString());
    }

    @Test
    void readsTheWindowSinceTheLastRunPageByPageAndRecordsOnlyTasksOfOpenCycles() {
        when(cursors.lock(CursorStore.HUBEX_COMPLETED_TASKS)).thenReturn(Optional.of(LAST_END.toString()));
        when(tasks.page(FROM, NOW, 1, 3)).thenReturn(page(5131, 5130, 5129));
        when(tasks.page(FROM, NOW, 4, 6)).thenReturn(page(5100));
        when(cycles.processOfTask(5130L)).thenReturn(Optional.of("pi-open"));
        when(cycles.processOfTask(5100L)).thenReturn(Optional.of("pi-ended"));
        running("pi-open");

        HubexTaskReconciler.Result result = reconciler.run();

        assertThat(result).isEqualTo(new HubexTaskReconciler.Result(4, 1, false));
        verify(inbox).record(List.of(5130L));
        verify(tasks, times(2)).page(any(), any(), anyInt(), anyInt());
        verify(cursors).save(CursorStore.HUBEX_COMPLETED_TASKS, NOW.toString());
    }

    @Test
    void tasksNoCycleCreatedAreNotRecordedAndTheEngineIsNotAsked() {
        when(cursors.lock(CursorStore.HUBEX_COMPLETED_TASKS)).thenReturn(Optional.of(LAST_END.toString()));
        when(tasks.page(FROM, NOW, 1, 3)).thenReturn(page(9001, 9002));

        assertThat(reconciler.run()).isEqualTo(new HubexTaskReconciler.Result(2, 0, false));

        verify(inbox, never()).record(anyList());
        verify(runtimeService, never()).createProcessInstanceQuery();
        verify(cursors).save(CursorStore.HUBEX_COMPLETED_TASKS, NOW.toString());
    }

    @Test
    void aRunStopsAfterMaxPagesAndTheNextContinuesTheSameWindow() {
        properties.setMaxPages(2);
        when(cursors.lock(CursorStore.HUBEX_COMPLETED_TASKS)).thenReturn(Optional.of(LAST_END.toString()));
        when(tasks.page(FROM, NOW, 1, 3)).thenReturn(page(9, 8, 7));
        when(tasks.page(FROM, NOW, 4, 6)).thenReturn(page(6, 5, 4));

        HubexTaskReconciler.Result first = reconciler.run();

        assertThat(first.more()).isTrue();
        String window = LAST_END + "|" + NOW + "|7";
        verify(cursors).save(CursorStore.HUBEX_COMPLETED_TASKS, window);

        // an hour later the same window [FROM, NOW] is read on from item 7, then closed
        HubexTaskReconciler later = new HubexTaskReconciler(tasks, cycles, runtimeService, inbox, cursors,
                properties, Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC));
        when(cursors.lock(CursorStore.HUBEX_COMPLETED_TASKS)).thenReturn(Optional.of(window));
        when(tasks.page(FROM, NOW, 7, 9)).thenReturn(page(3, 2));
        when(cycles.processOfTask(2L)).thenReturn(Optional.of("pi-2"));
        running("pi-2");

        HubexTaskReconciler.Result second = later.run();

        assertThat(second).isEqualTo(new HubexTaskReconciler.Result(2, 1, false));
        verify(inbox).record(List.of(2L));
        verify(cursors).save(CursorStore.HUBEX_COMPLETED_TASKS, NOW.toString());
    }

    @Test
    void positionsRoundTrip() {
        HubexTaskReconciler.Position open = new HubexTaskReconciler.Position(LAST_END, NOW, 201);
        assertThat(HubexTaskReconciler.Position.parse(open.format())).isEqualTo(open);
        assertThat(HubexTaskReconciler.Position.parse(LAST_END.toString()))
                .isEqualTo(new HubexTaskReconciler.Position(LAST_END, null, 1));
    }
}
