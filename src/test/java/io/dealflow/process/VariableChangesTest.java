package io.dealflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.junit.jupiter.api.Test;

class VariableChangesTest {

    private final Map<String, Object> variables = new HashMap<>();
    private int writes;
    private final VariableScope scope = scope();

    @Test
    void aMissingValueLeavesNoVariable() {
        VariableChanges.set(scope, "customerPhone", null);

        assertThat(variables).doesNotContainKey("customerPhone");
        assertThat(writes).isZero();
    }

    @Test
    void aNewValueIsWritten() {
        VariableChanges.set(scope, "customerPhone", "+79001234567");

        assertThat(variables).containsEntry("customerPhone", "+79001234567");
        assertThat(writes).isOne();
    }

    @Test
    void anUnchangedValueIsNotWrittenAgain() {
        VariableChanges.set(scope, "dealTitle", "Замена насоса");
        VariableChanges.set(scope, "taskNotes", LongText.value("x".repeat(5000)));

        VariableChanges.set(scope, "dealTitle", "Замена насоса");
        VariableChanges.set(scope, "taskNotes", LongText.value("x".repeat(5000)));

        assertThat(writes).as("a long text is kept as bytes: compared by content").isEqualTo(2);
    }

    @Test
    void aChangedValueIsWritten() {
        VariableChanges.set(scope, "taskTypeId", 10);

        VariableChanges.set(scope, "taskTypeId", 11);

        assertThat(variables).containsEntry("taskTypeId", 11);
        assertThat(writes).isEqualTo(2);
    }

    @Test
    void aValueThatBecameMissingClearsTheVariable() {
        VariableChanges.set(scope, "placeAddress", "ул. Ленина, 1");

        VariableChanges.set(scope, "placeAddress", null);

        assertThat(variables).containsEntry("placeAddress", null);
        assertThat(writes).isEqualTo(2);
    }

    /** A variable scope over a map (byte arrays are returned as held, as the engine does), counting the writes. */
    private VariableScope scope() {
        VariableScope mock = mock(VariableScope.class);
        when(mock.hasVariable(anyString())).thenAnswer(call -> variables.containsKey(call.<String>getArgument(0)));
        when(mock.getVariable(anyString())).thenAnswer(call -> variables.get(call.<String>getArgument(0)));
        doAnswer(call -> {
            writes++;
            Object value = call.getArgument(1);
            if (value instanceof org.camunda.bpm.engine.variable.value.BytesValue bytes) {
                value = bytes.getValue();
            }
            variables.put(call.getArgument(0), value);
            return null;
        }).when(mock).setVariable(anyString(), any());
        return mock;
    }
}
