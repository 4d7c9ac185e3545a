package io.dealflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;

import io.dealflow.process.ProcessConstants;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Execution;
import org.camunda.bpm.engine.runtime.ExecutionQuery;
import org.camunda.bpm.engine.runtime.MessageCorrelationBuilder;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstanceQuery;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.camunda.bpm.engine.runtime.VariableInstanceQuery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;
import org.mockito.ArgumentCaptor;

/** Which cycles hear that their deal was deleted or left the service stage, and with what. */
class DealLeftStageNotifierTest {

    private final RuntimeService runtime = mock(RuntimeService.class);
    private final ExecutionQuery query = mock(ExecutionQuery.class, Answers.RETURNS_SELF);
    private final MessageCorrelationBuilder correlation = mock(MessageCorrelationBuilder.class, Answers.RETURNS_SELF);
    private final ProcessInstanceQuery instances = mock(ProcessInstanceQuery.class, Answers.RETURNS_SELF);
    private final VariableInstanceQuery variables = mock(VariableInstanceQuery.class, Answers.RETURNS_SELF);
    private final DealLeftStageNotifier notifier = new DealLeftStageNotifier(runtime);

    @BeforeEach
    void engine() {
        when(runtime.createExecutionQuery()).thenReturn(query);
        when(runtime.createMessageCorrelation(ProcessConstants.MESSAGE_DEAL_LEFT_STAGE)).thenReturn(correlation);
        when(runtime.createProcessInstanceQuery()).thenReturn(instances);
        when(runtime.createVariableInstanceQuery()).thenReturn(variables);
        when(variables.list()).thenReturn(List.of());
    }

    @Test
    void tellsTheWaitingCycleOfTheDealWhereItWent() {
        List<Execution> waiting = List.of(execution("pi-1"));
        when(query.list()).thenReturn(waiting);

        assertThat(notifier.dealLeftStage(4711, "C1:LOSE")).isEqualTo(DealLeftStageNotifier.Outcome.TOLD);

        verify(query).processInstanceBusinessKey("4711");
        verify(query).messageEventSubscriptionName("DealLeftServiceStage");
        verify(correlation).processInstanceId("pi-1");
        assertThat(variables()).containsEntry("dealLeftReason",
                        "Сделка перешла на стадию C1:LOSE (deal moved to stage C1:LOSE)")
                .containsEntry("dealLeftStageId", "C1:LOSE").containsEntry("dealDeleted", false);
        verify(correlation).correlateWithResult();
    }

    @Test
    void tellsOfADeletedDeal() {
        List<Execution> waiting = List.of(execution("pi-2"));
        when(query.list()).thenReturn(waiting);

        assertThat(notifier.dealDeleted(4712)).isEqualTo(DealLeftStageNotifier.Outcome.TOLD);

        assertThat(variables()).containsEntry("dealLeftReason", "Сделка удалена (deal deleted)")
                .containsEntry("dealLeftStageId", "").containsEntry("dealDeleted", true);
    }

    @Test
    void aDealWithoutAnOpenCycleTellsNobody() {
        when(query.list()).thenReturn(List.of());
        when(instances.list()).thenReturn(List.of());

        assertThat(notifier.dealLeftStage(4713, "C1:UC_DONE")).isEqualTo(DealLeftStageNotifier.Outcome.NO_OPEN_CYCLE);

        verify(runtime, never()).createMessageCorrelation(anyString());
    }

    @Test
    void aRunningCycleThatDoesNotListenRightNowIsBusyAndToldLater() {
        when(query.list()).thenReturn(List.of());
        List<ProcessInstance> running = List.of(instance("pi-6"));
        when(instances.list()).thenReturn(running);

        assertThat(notifier.dealLeftStage(4716, "C1:LOSE")).isEqualTo(DealLeftStageNotifier.Outcome.CYCLE_BUSY);

        verify(variables).variableNameIn("dealLeftReason", "hubexTaskCompleted", "hubexTaskCancelled",
                "hubexTaskDeleted");
        verify(runtime, never()).createMessageCorrelation(anyString());
    }

    @Test
    void aCycleThatHeardItBeforeAndIsDealingWithItIsNotToldAgain() {
        when(query.list()).thenReturn(List.of());
        List<ProcessInstance> running = List.of(instance("pi-7"));
        List<VariableInstance> told = List.of(reasonOf("pi-7"));
        when(instances.list()).thenReturn(running);
        when(variables.list()).thenReturn(told);

        assertThat(notifier.dealLeftStage(4717, "C1:LOSE")).isEqualTo(DealLeftStageNotifier.Outcome.ALREADY_TOLD);

        verify(variables).processInstanceIdIn("pi-7");
        verify(runtime, never()).createMessageCorrelation(anyString());
    }

    @Test
    void aSecondCycleOfTheDealThatHasNotHeardItYetKeepsTheEvent() {
        when(query.list()).thenReturn(List.of());
        List<ProcessInstance> running = List.of(instance("pi-8"), instance("pi-9"));
        List<VariableInstance> told = List.of(reasonOf("pi-8"));
        when(instances.list()).thenReturn(running);
        when(variables.list()).thenReturn(told);

        assertThat(notifier.dealDeleted(4718)).isEqualTo(DealLeftStageNotifier.Outcome.CYCLE_BUSY);
    }

    @Test
    void aCycleWhoseTaskIsDoneIsFinishingAndTheEchoOfItsOwnMoveIsNotKeptForIt() {
        when(query.list()).thenReturn(List.of());
        List<ProcessInstance> running = List.of(instance("pi-10"));
        List<VariableInstance> done = List.of(variable("pi-10", "hubexTaskCompleted", true));
        when(instances.list()).thenReturn(running);
        when(variables.list()).thenReturn(done);

        assertThat(notifier.dealLeftStage(4719, "C1:UC_DONE"))
                .isEqualTo(DealLeftStageNotifier.Outcome.CYCLE_FINISHING);

        verify(runtime, never()).createMessageCorrelation(anyString());
    }

    @Test
    void aCycleWhoseTaskIsStillOpenIsBusyEvenWithTheVariableSet() {
        when(query.list()).thenReturn(List.of());
        List<ProcessInstance> running = List.of(instance("pi-11"));
        List<VariableInstance> open = List.of(variable("pi-11", "hubexTaskCompleted", false),
                variable("pi-11", "hubexTaskCancelled", false));
        when(instances.list()).thenReturn(running);
        when(variables.list()).thenReturn(open);

        assertThat(notifier.dealLeftStage(4720, "C1:LOSE")).isEqualTo(DealLeftStageNotifier.Outcome.CYCLE_BUSY);
    }

    @Test
    void aCycleThatLeftTheWaitMeanwhileIsBusyNotAnError() {
        List<Execution> waiting = List.of(execution("pi-3"));
        when(query.list()).thenReturn(waiting);
        when(correlation.correlateWithResult()).thenThrow(new MismatchingMessageCorrelationException("gone"));

        assertThat(notifier.dealDeleted(4714)).isEqualTo(DealLeftStageNotifier.Outcome.CYCLE_BUSY);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> variables() {
        ArgumentCaptor<Map<String, Object>> captor = ArgumentCaptor.forClass(Map.class);
        verify(correlation).setVariables(captor.capture());
        return captor.getValue();
    }

    private static ProcessInstance instance(String id) {
        ProcessInstance instance = mock(ProcessInstance.class);
        when(instance.getId()).thenReturn(id);
        return instance;
    }

    private static VariableInstance reasonOf(String processInstanceId) {
        return variable(processInstanceId, "dealLeftReason", "Сделка удалена (deal deleted)");
    }

    private static VariableInstance variable(String processInstanceId, String name, Object value) {
        VariableInstance variable = mock(VariableInstance.class);
        when(variable.getProcessInstanceId()).thenReturn(processInstanceId);
        when(variable.getName()).thenReturn(name);
        when(variable.getValue()).thenReturn(value);
        return variable;
    }

    private static Execution execution(String processInstanceId) {
        Execution execution = mock(Execution.class);
        when(execution.getProcessInstanceId()).thenReturn(processInstanceId);
        return execution;
    }
}
