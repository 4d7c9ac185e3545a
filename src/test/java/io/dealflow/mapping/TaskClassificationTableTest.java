package io.dealflow.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The value tables of processes/task-classification.dmn, evaluated by Camunda's DMN engine. */
class TaskClassificationTableTest {

    private static DmnEngine engine;
    private static List<DmnDecision> decisions;

    @BeforeAll
    static void parse() throws IOException {
        engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        try (InputStream in = new FileInputStream("processes/task-classification.dmn")) {
            decisions = engine.parseDecisions(in);
        }
    }

    @ParameterizedTest
    @CsvSource({"1, C1:UC_SERVICE, 10", "0, UC_SERVICE, 11"})
    void givesTheTaskTypeOfAPipeline(int categoryId, String stageId, int taskTypeId) {
        DmnDecisionRuleResult result = engine.evaluateDecisionTable(decision("task-kind"),
                Variables.createVariables().putValue("categoryId", categoryId).putValue("stageId", stageId))
                .getFirstResult();
        assertThat(result.getEntryMap()).containsEntry("taskTypeId", taskTypeId).doesNotContainKey("workTypeId");
    }

    @Test
    void leavesPipelinesWithoutARowToTheDefaultTaskType() {
        assertThat(engine.evaluateDecisionTable(decision("task-kind"),
                Variables.createVariables().putValue("categoryId", 7).putValue("stageId", "C7:NEW"))
                .getFirstResult()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"55, 3", "56, 2", "57, 1"})
    void mapsBitrix24CriticalityOptionsToHubexCriticalities(String option, int criticalityId) {
        assertThat(engine.evaluateDecisionTable(decision("criticality"),
                Variables.createVariables().putValue("criticality", option))
                .getFirstResult().<Integer>getEntry("criticalityId")).isEqualTo(criticalityId);
    }

    @Test
    void findsNoCriticalityForAnUnknownOption() {
        assertThat(engine.evaluateDecisionTable(decision("criticality"),
                Variables.createVariables().putValue("criticality", "99")).getFirstResult()).isNull();
    }

    private static DmnDecision decision(String key) {
        return decisions.stream().filter(d -> d.getKey().equals(key)).findFirst().orElseThrow();
    }
}
