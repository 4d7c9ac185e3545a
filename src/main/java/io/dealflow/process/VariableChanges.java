package io.dealflow.process;

import java.util.Arrays;
import java.util.Objects;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * Writes a process variable only when that changes something. Each variable the engine writes costs a runtime row,
 * a history row and their deletion at the end, and a rewrite costs an update of both: a value the deal or the task
 * does not have, written as an empty variable, or a value written again unchanged, made a third of a cycle's
 * database rows (docs/benchmarks.md). So a missing value leaves no variable behind (reading it gives {@code null}
 * all the same), and an unchanged one is not written again. A value that became missing still clears the variable
 * it had.
 */
public final class VariableChanges {

    private VariableChanges() {
    }

    public static void set(VariableScope scope, String name, Object value) {
        if (!scope.hasVariable(name)) {
            if (value != null) {
                scope.setVariable(name, value);
            }
            return;
        }
        if (!same(scope.getVariable(name), value)) {
            scope.setVariable(name, value);
        }
    }

    private static boolean same(Object held, Object value) {
        // a long text is written as a typed bytes value and read back as the bytes
        Object plain = value instanceof TypedValue typed ? typed.getValue() : value;
        if (held instanceof byte[] heldBytes && plain instanceof byte[] bytes) {
            return Arrays.equals(heldBytes, bytes);
        }
        return Objects.equals(held, plain);
    }
}
