package io.dealflow.process;

import static io.dealflow.process.ProcessConstants.*;

import java.math.BigDecimal;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.dealflow.hubex.HubexClient;
import io.dealflow.hubex.TaskWorkSummary;
import io.dealflow.mapping.CompletionProperties;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "HubEx: read cost and executor comment". Cost: the task's actualCost, or the total of its completed works when
 * the executor left it empty. Comment: from the source chosen in dealflow.completion.comment-source.
 */
@Component
public class ReadTaskResultDelegate implements JavaDelegate {

    private final HubexClient hubex;
    private final CompletionProperties completion;

    public ReadTaskResultDelegate(HubexClient hubex, CompletionProperties completion) {
        this.hubex = hubex;
        this.completion = completion;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long taskId = Long.parseLong((String) execution.getVariable(VAR_HUBEX_TASK_ID));
        String actualCost = (String) execution.getVariable(VAR_TASK_ACTUAL_COST);
        JsonNode works = null;
        Optional<BigDecimal> cost = Optional.ofNullable(actualCost).map(BigDecimal::new);
        if (cost.isEmpty() || completion.getCommentSource() == CompletionProperties.CommentSource.COMPLETED_WORKS) {
            works = hubex.completedWorks(taskId);
            if (cost.isEmpty()) {
                cost = TaskWorkSummary.costOfWorks(works);
            }
        }
        VariableChanges.set(execution, VAR_TASK_COST, cost.map(BigDecimal::toPlainString).orElse(null));
        Optional<String> comment = switch (completion.getCommentSource()) {
            case TECHNICIAN_CHAT -> TaskWorkSummary.latestTechnicianMessage(hubex.conversations(taskId));
            case COMPLETED_WORKS -> TaskWorkSummary.notesOfWorks(works);
            case ATTRIBUTE -> Optional.ofNullable(TaskAttributesJson.read(
                    LongText.get(execution, VAR_HUBEX_TASK_ATTRIBUTES), VAR_HUBEX_TASK_ATTRIBUTES)
                    .get(completion.getCommentAttributeId()));
            case NONE -> Optional.empty();
        };
        LongText.set(execution, VAR_EXECUTOR_COMMENT, comment.orElse(null));
    }
}
