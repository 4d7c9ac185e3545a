package io.dealflow.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.hubex.HubexClient;
import io.dealflow.hubex.HubexException;
import io.dealflow.hubex.HubexProperties;
import io.dealflow.inbox.TaskEventInbox;
import io.dealflow.process.CycleRegistry;
import io.dealflow.process.CycleRegistry.OpenTask;
import io.dealflow.process.ProcessConstants;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.EventSubscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenHubexTaskCheckTest {

    private static final Instant NOW = Instant.parse("2026-08-28T13:05:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubexClient hubex = mock(HubexClient.class);
    private final HubexProperties hubexProperties = new HubexProperties();
    private final CycleRegistry cycles = mock(CycleRegistry.class);
    private final RuntimeService runtimeService = mock(RuntimeService.class, RETURNS_DEEP_STUBS);
    private final TaskEventInbox inbox = mock(TaskEventInbox.class);
    private final CursorStore cursors = mock(CursorStore.class);
    private final ReconciliationProperties properties = new ReconciliationProperties();
    private final OpenHubexTaskCheck check = new OpenHubexTaskCheck(hubex, hubexProperties, cycles, runtimeService,
            inbox, cursors, properties, Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void setUp() {
        hubexProperties.setCancelledStageIds(List.of(9));
        properties.setOpenTaskChecks(4);
    }

    private void waiting(String... instanceIds) {
        List<EventSubscription> subscriptions = Arrays.stream(instanceIds).map(id -> {
            EventSubscription subscription = mock(EventSubscription.class);
            when(subscription.getProcessInstanceId()).thenReturn(id);
            return subscription;
        }).toList();
        when(runtimeService.createEventSubscriptionQuery().eventType("message")
                .eventName(ProcessConstants.MESSAGE_TASK_CHANGED).list()).thenReturn(subscriptions);
    }

    private static OpenTask task(String instance, long taskId) {
        return new OpenTask(instance, taskId, null);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void tasksDeletedCancelledCompletedOrGoneAreHandedToTheCorrelatorAndEveryReadTaskIsMarked() throws Exception {
        waiting("pi-1", "pi-2", "pi-3", "pi-4", "pi-5");
        when(cycles.tasksToCheck(Set.of("pi-1", "pi-2", "pi-3", "pi-4", "pi-5"), 4)).thenReturn(List.of(
                task("pi-1", 101), task("pi-2", 102), task("pi-3", 103), task("pi-4", 104)));
        when(hubex.getTask(101)).thenReturn(json("{\"number\":\"1\",\"taskStage\":{\"id\":3},"
                + "\"deleted\":\"2026-08-28T12:00:00\"}"));
        when(hubex.getTask(102)).thenReturn(json("{\"number\":\"2\",\"taskStage\":{\"id\":3}}"));
        when(hubex.getTask(103)).thenReturn(json("{\"number\":\"3\",\"taskStage\":{\"id\":9}}"));
        when(hubex.getTask(104)).thenThrow(new HubexException(HubexException.Kind.NOT_FOUND, 404,
                "HubEx: could not read task 104: HTTP 404 - the record does not exist in HubEx"));

        OpenHubexTaskCheck.Result result = check.run();

        assertThat(result).isEqualTo(new OpenHubexTaskCheck.Result(4, 3, List.of(104L)));
        verify(inbox).record(List.of(101L, 103L, 104L));
        for (long id : new long[] {101, 102, 103, 104}) {
            verify(cycles).markTaskChecked(id, NOW);
        }
        verify(cursors).lock(CursorStore.HUBEX_OPEN_TASKS);
        verify(cursors).save(CursorStore.HUBEX_OPEN_TASKS, NOW.toString());
    }

    @Test
    void aCompletionWhoseWebhookWasLostIsHandedOverToo() throws Exception {
        waiting("pi-7");
        when(cycles.tasksToCheck(Set.of("pi-7"), 4)).thenReturn(List.of(task("pi-7", 107)));
        when(hubex.getTask(107)).thenReturn(json("{\"taskStage\":{\"id\":7},"
                + "\"timesheet\":{\"completed\":\"2026-08-28T13:00:00\"}}"));

        assertThat(check.run().recorded()).isEqualTo(1);
        verify(inbox).record(List.of(107L));
    }

    @Test
    void aHubexFailureStopsTheRunKeepsWhatWasFoundAndLeavesTheRestForTheNextRun() throws Exception {
        waiting("pi-1", "pi-2", "pi-3");
        when(cycles.tasksToCheck(any(), anyInt())).thenReturn(List.of(task("pi-1", 101), task("pi-2", 102),
                task("pi-3", 103)));
        when(hubex.getTask(101)).thenReturn(json("{\"deleted\":\"2026-08-28T12:00:00\"}"));
        when(hubex.getTask(102)).thenThrow(new HubexException(HubexException.Kind.UNAVAILABLE, 503,
                "HubEx: could not read task 102: HTTP 503 - HubEx is unavailable or throttling"));

        assertThat(check.run()).isEqualTo(new OpenHubexTaskCheck.Result(1, 1, List.of()));

        verify(inbox).record(List.of(101L));
        verify(cycles).markTaskChecked(101L, NOW);
        verify(cycles, never()).markTaskChecked(eq(102L), any());
        verify(hubex, never()).getTask(103);
    }

    @Test
    void withNoWaitingCycleHubexIsNotAsked() {
        waiting();

        assertThat(check.run()).isEqualTo(new OpenHubexTaskCheck.Result(0, 0, List.of()));

        verify(cycles, never()).tasksToCheck(any(), anyInt());
        verifyNoInteractions(hubex);
        verify(inbox, never()).record(anyList());
    }

    @Test
    void zeroChecksPerRunSwitchesTheCheckOff() {
        properties.setOpenTaskChecks(0);

        assertThat(check.run()).isEqualTo(new OpenHubexTaskCheck.Result(0, 0, List.of()));

        verifyNoInteractions(hubex, cycles, inbox, cursors);
    }
}
