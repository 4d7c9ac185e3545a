package io.dealflow.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

import io.dealflow.mapping.FeelEngineVersionTest;
import io.dealflow.mapping.ParsedOnceFeelEngine;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;

/**
 * The CPU one "Load deal" spends in processes/task-classification.dmn: both tables, evaluated as DealToTaskMapper
 * evaluates them, by the DMN engine on the classpath with Camunda's FEEL engine and with DealFlow's, which parses
 * each text once (ADR 0018) (thread CPU time, the median of rounds after a warm-up). Without the engine's history and the definition look-up, which are database work. Not part of the
 * suite (its name ends in neither Test nor IT); run it with
 * {@code mvn -q test -Dtest=DecisionTableBench -Dsurefire.failIfNoSpecifiedTests=false}, and with
 * {@code -Dfeel-engine.version=1.19.3} for the FEEL engine Camunda 7.24 brings (ADR 0017).
 */
class DecisionTableBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int CLASSIFICATIONS_PER_ROUND = 20_000;
    private static final int ROUNDS = 9;

    @Test
    void printsTheCpuOfAClassification() throws IOException {
        measure("Camunda's FEEL engine", DmnEngineConfiguration.createDefaultDmnEngineConfiguration());
        DefaultDmnEngineConfiguration parsedOnce =
                (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        parsedOnce.setFeelEngineFactory(() -> new ParsedOnceFeelEngine(List.of()));
        measure("DealFlow's, each text parsed once (ADR 0018)", parsedOnce);
    }

    private void measure(String label, DmnEngineConfiguration configuration) throws IOException {
        DmnEngine dmn = configuration.buildEngine();
        DmnDecision taskKind = decision(dmn, "task-kind");
        DmnDecision criticality = decision(dmn, "criticality");
        VariableMap[] deals = new VariableMap[12];
        for (int i = 0; i < deals.length; i++) {
            int category = i % 3;
            deals[i] = Variables.createVariables().putValue("categoryId", category)
                    .putValue("stageId", "C" + category + ":UC_SERVICE").putValue("criticality", "5" + (5 + i % 4));
        }

        long matches = 0;
        long expectedMatches = 0;
        double[] micros = new double[ROUNDS + 1];
        for (int round = 0; round <= ROUNDS; round++) {
            long start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < CLASSIFICATIONS_PER_ROUND; i++) {
                VariableMap deal = deals[i % deals.length];
                matches += dmn.evaluateDecisionTable(taskKind, deal).size();
                matches += dmn.evaluateDecisionTable(criticality, deal).size();
                expectedMatches += rowsFor(i % deals.length);
            }
            micros[round] = (THREADS.getCurrentThreadCpuTime() - start) / 1_000.0 / CLASSIFICATIONS_PER_ROUND;
        }
        double[] measured = Arrays.copyOfRange(micros, 1, micros.length);
        double[] sorted = measured.clone();
        Arrays.sort(sorted);
        System.out.printf("%nTask classification (both tables of task-classification.dmn), %s, feel-engine %s:%n"
                + "  %.1f µs of CPU per classification (median of %d rounds of %d after one to warm up; rounds %s)%n%n",
                label, FeelEngineVersionTest.onTheClasspath(), sorted[ROUNDS / 2], ROUNDS, CLASSIFICATIONS_PER_ROUND,
                Arrays.toString(Arrays.stream(measured).mapToLong(Math::round).toArray()));
        assertThat(matches).isEqualTo(expectedMatches);
    }

    /** Pipelines 0 and 1 have a task-kind row, 2 has none; options 55-57 have a criticality row, 58 has none. */
    private static int rowsFor(int deal) {
        return (deal % 3 != 2 ? 1 : 0) + (deal % 4 != 3 ? 1 : 0);
    }

    private static DmnDecision decision(DmnEngine dmn, String key) throws IOException {
        try (InputStream in = new FileInputStream("processes/task-classification.dmn")) {
            return dmn.parseDecision(key, in);
        }
    }
}
