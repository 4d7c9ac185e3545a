package io.dealflow.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;

import org.camunda.bpm.dmn.feel.impl.FeelException;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The FEEL engine that parses each text once answers exactly as Camunda's own, and parses each text once. */
class ParsedOnceFeelEngineTest {

    private final ScalaFeelEngine camundas = new ScalaFeelEngine(List.of());
    private final ParsedOnceFeelEngine engine = new ParsedOnceFeelEngine(List.of());

    private static VariableMap deal() {
        return Variables.createVariables().putValue("categoryId", 1).putValue("stageId", "C1:UC_SERVICE")
                .putValue("criticality", "55").putValue("opportunity", 1500.5)
                .putValue("closeDate", LocalDate.of(2026, 12, 1)).putValue("missing", null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "categoryId", "stageId", "criticality", "opportunity * 2", "missing", "\"C1:\" + string(categoryId)",
            "if categoryId = 1 then \"repair\" else \"install\"", "starts with(stageId, \"C1:\")",
            "closeDate + duration(\"P1D\")", "count([1, 2, 3])", "10", "unknownVariable"})
    void evaluatesExpressionsAsCamundasEngineDoes(String expression) {
        Object expected = camundas.evaluateSimpleExpression(expression, deal().asVariableContext());

        assertThat((Object) engine.evaluateSimpleExpression(expression, deal().asVariableContext()))
                .isEqualTo(expected);
        assertThat((Object) engine.evaluateSimpleExpression(expression, deal().asVariableContext()))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1 | categoryId", "2 | categoryId", "\"C1:UC_SERVICE\",\"C2:UC_SERVICE\" | stageId",
            "\"55\" | criticality", "not(\"55\") | criticality", "[1000..2000] | opportunity", "> 2000 | opportunity",
            "- | categoryId", "null | missing", "? = categoryId | categoryId", "< date(\"2027-01-01\") | closeDate"})
    void evaluatesUnaryTestsAsCamundasEngineDoes(String unaryTests, String input) {
        boolean expected = camundas.evaluateSimpleUnaryTests(unaryTests, input, deal().asVariableContext());

        assertThat(engine.evaluateSimpleUnaryTests(unaryTests, input, deal().asVariableContext()))
                .isEqualTo(expected);
        assertThat(engine.evaluateSimpleUnaryTests(unaryTests, input, deal().asVariableContext()))
                .isEqualTo(expected);
    }

    @Test
    void parsesEachTextOnceWhateverTheValues() {
        for (int category = 0; category < 5; category++) {
            VariableMap deal = deal().putValue("categoryId", category);
            engine.evaluateSimpleExpression("categoryId + 1", deal.asVariableContext());
            engine.evaluateSimpleUnaryTests("1", "categoryId", deal.asVariableContext());
            engine.evaluateSimpleUnaryTests("2", "categoryId", deal.asVariableContext());
        }

        assertThat(engine.parses()).isEqualTo(3);
    }

    @Test
    void keepsExpressionsAndUnaryTestsApart() {
        // the same text is a different thing in each grammar: "1" as a test compares, as an expression it is a value
        assertThat((Object) engine.evaluateSimpleExpression("1", deal().asVariableContext())).isEqualTo(1L);
        assertThat(engine.evaluateSimpleUnaryTests("1", "categoryId", deal().asVariableContext())).isTrue();
        assertThat(engine.parses()).isEqualTo(2);
    }

    @Test
    void failsATextThatDoesNotParseEveryTimeWithCamundasMessage() {
        String broken = "categoryId +* )";
        String message = messageOf(() -> camundas.evaluateSimpleExpression(broken, deal().asVariableContext()));

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> engine.evaluateSimpleExpression(broken, deal().asVariableContext()))
                    .isInstanceOf(FeelException.class).hasMessage(message);
        }
        String brokenTest = "[1..";
        String testMessage = messageOf(() -> camundas.evaluateSimpleUnaryTests(brokenTest, "categoryId",
                deal().asVariableContext()));
        assertThatThrownBy(() -> engine.evaluateSimpleUnaryTests(brokenTest, "categoryId",
                deal().asVariableContext())).isInstanceOf(FeelException.class).hasMessage(testMessage);
        assertThat(engine.parses()).isEqualTo(2);
    }

    @Test
    void failsAnEvaluationErrorWithCamundasMessage() {
        String failing = "assert(categoryId, categoryId > 5)";
        String message = messageOf(() -> camundas.evaluateSimpleExpression(failing, deal().asVariableContext()));

        assertThatThrownBy(() -> engine.evaluateSimpleExpression(failing, deal().asVariableContext()))
                .isInstanceOf(FeelException.class).hasMessage(message);
    }

    @Test
    void startsAfreshRatherThanGrowWithoutBound() {
        for (int i = 0; i <= ParsedOnceFeelEngine.CAPACITY; i++) {
            engine.evaluateSimpleExpression("categoryId + " + i, deal().asVariableContext());
        }
        engine.evaluateSimpleExpression("categoryId + 0", deal().asVariableContext());

        assertThat(engine.parses()).isEqualTo(ParsedOnceFeelEngine.CAPACITY + 2L);
    }

    private static String messageOf(Runnable evaluation) {
        try {
            evaluation.run();
        } catch (FeelException e) {
            return e.getMessage();
        }
        throw new AssertionError("Camunda's engine evaluated it without an error");
    }
}
