package io.dealflow.process;

import java.nio.charset.StandardCharsets;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.Variables;

/**
 * Texts of any length as process variables. Camunda keeps string variables in a 4000-character column, so a
 * longer text (a long deal comment, a long chat message) is kept as bytes instead of failing the job.
 */
public final class LongText {

    static final int STRING_LIMIT = 4000;

    private LongText() {
    }

    public static void set(VariableScope scope, String name, String text) {
        VariableChanges.set(scope, name, value(text));
    }

    /** The text as a variable value: a string, or bytes when it is too long for one (input parameters use this). */
    public static Object value(String text) {
        if (text != null && text.length() > STRING_LIMIT) {
            return Variables.byteArrayValue(text.getBytes(StandardCharsets.UTF_8));
        }
        return text;
    }

    public static String get(VariableScope scope, String name) {
        Object value = scope.getVariable(name);
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString();
    }
}
