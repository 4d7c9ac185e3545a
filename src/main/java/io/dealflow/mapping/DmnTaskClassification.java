package io.dealflow.mapping;

import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** Evaluates the decision tables of processes/task-classification.dmn (deployed with the processes). */
@Component
public class DmnTaskClassification implements TaskClassification {

    static final String TASK_KIND_DECISION = "task-kind";
    static final String CRITICALITY_DECISION = "criticality";

    private final DecisionService decisions;

    public DmnTaskClassification(DecisionService decisions) {
        this.decisions = decisions;
    }

    @Override
    public TaskKind kindOf(int categoryId, String stageId) {
        DmnDecisionRuleResult first = decisions.evaluateDecisionTableByKey(TASK_KIND_DECISION,
                Variables.createVariables().putValue("categoryId", categoryId).putValue("stageId", stageId))
                .getFirstResult();
        if (first == null) {
            return new TaskKind(null, null);
        }
        return new TaskKind(integer(first, "taskTypeId"), integer(first, "workTypeId"));
    }

    @Override
    public Optional<Integer> criticalityOf(String dealValue) {
        DmnDecisionRuleResult first = decisions.evaluateDecisionTableByKey(CRITICALITY_DECISION,
                Variables.createVariables().putValue("criticality", dealValue)).getFirstResult();
        return first == null ? Optional.empty() : Optional.ofNullable(integer(first, "criticalityId"));
    }

    private static Integer integer(Map<String, Object> entries, String name) {
        Object value = entries.get(name);
        return value instanceof Number n ? n.intValue() : null;
    }
}
