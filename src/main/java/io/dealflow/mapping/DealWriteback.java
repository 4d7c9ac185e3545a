package io.dealflow.mapping;

import static io.dealflow.process.ProcessConstants.*;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.hubex.HubexProperties;
import io.dealflow.process.LongText;
import io.dealflow.process.TaskAttributesJson;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * What the cycle writes back to the deal, computed from the process variables and the writeback configuration.
 * Called from the BPMN's input parameters, e.g. {@code ${dealWriteback.completionFields(execution)}}, so that a
 * diagram decides when to write and this class decides what. Results are variable values: long texts come as
 * bytes (see {@link LongText}).
 */
@Component("dealWriteback")
public class DealWriteback {

    private final WritebackProperties writeback;
    private final CompletionProperties completion;
    private final CompletionStages stages;
    private final HubexProperties hubex;
    private final ObjectMapper objectMapper;

    public DealWriteback(WritebackProperties writeback, CompletionProperties completion, CompletionStages stages,
                         HubexProperties hubex, ObjectMapper objectMapper) {
        this.writeback = writeback;
        this.completion = completion;
        this.stages = stages;
        this.hubex = hubex;
        this.objectMapper = objectMapper;
    }

    /** The task number and link into their deal fields, where those are configured. */
    public Object taskLinkFields(VariableScope execution) {
        Map<String, Object> fields = new LinkedHashMap<>();
        putIfConfigured(fields, writeback.getTaskNumberField(), text(execution, VAR_HUBEX_TASK_NUMBER));
        putIfConfigured(fields, writeback.getTaskLinkField(), taskLink(execution));
        return json(fields);
    }

    public Object taskCreatedComment(VariableScope execution) {
        return LongText.value(CommentTemplate.render(writeback.getTaskCreatedComment(), placeholders(execution)));
    }

    /** Completion stage, deadline, completion time, cost, executor and comment - each where configured. */
    public Object completionFields(VariableScope execution) {
        Map<String, Object> fields = new LinkedHashMap<>();
        Object category = execution.getVariable(VAR_DEAL_CATEGORY_ID);
        stages.forPipeline(category instanceof Number n ? n.intValue() : 0)
                .ifPresent(stage -> fields.put("STAGE_ID", stage));
        putIfConfigured(fields, writeback.getDeadlineField(), bitrixDateTime(text(execution, VAR_TASK_DEADLINE)));
        putIfConfigured(fields, writeback.getCompletedAtField(),
                bitrixDateTime(text(execution, VAR_TASK_COMPLETED_AT)));
        putCost(fields, execution);
        putIfConfigured(fields, writeback.getExecutorField(), text(execution, VAR_EXECUTOR_NAME));
        putIfConfigured(fields, writeback.getCommentField(), text(execution, VAR_EXECUTOR_COMMENT));
        putIfConfigured(fields, writeback.getTaskLinkField(), taskLink(execution));
        Map<Integer, String> attributes = TaskAttributesJson.read(text(execution, VAR_HUBEX_TASK_ATTRIBUTES),
                VAR_HUBEX_TASK_ATTRIBUTES);
        writeback.getAttributes().forEach((attributeId, field) ->
                putIfConfigured(fields, field, attributes.getOrDefault(attributeId, "")));
        return json(fields);
    }

    /** The cancellation stage, where configured. */
    public Object taskCancelledFields(VariableScope execution) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String configured = completion.getCancelledStageId() == null ? "" : completion.getCancelledStageId().trim();
        if (!configured.isEmpty()) {
            Object category = execution.getVariable(VAR_DEAL_CATEGORY_ID);
            int categoryId = category instanceof Number n ? n.intValue() : 0;
            fields.put("STAGE_ID", configured.contains(":") || categoryId == 0 ? configured
                    : "C" + categoryId + ":" + configured);
        }
        return json(fields);
    }

    public Object taskCancelledComment(VariableScope execution) {
        boolean deleted = Boolean.TRUE.equals(execution.getVariable(VAR_TASK_DELETED));
        String stage = text(execution, VAR_TASK_STAGE);
        return LongText.value("Заявка HubEx №" + text(execution, VAR_HUBEX_TASK_NUMBER)
                + (deleted ? " удалена в HubEx." : " отменена в HubEx" + (stage.isEmpty() ? "." : " (стадия «" + stage
                + "»)."))
                + " Сервисный цикл сделки завершён.");
    }

    /**
     * The comment after the deal was lost, moved out of the service stage (or deleted) while its task was open:
     * names the task, the reason ({@code dealLeftReason}) and what was done with the task.
     */
    public Object dealLeftComment(VariableScope execution) {
        String number = text(execution, VAR_HUBEX_TASK_NUMBER);
        String task = "Заявка HubEx №" + (number.isEmpty() ? text(execution, VAR_HUBEX_TASK_ID) : number);
        String reason = text(execution, VAR_DEAL_LEFT_REASON);
        boolean cancelled = Boolean.TRUE.equals(execution.getVariable(VAR_DEAL_LEFT_TASK_CANCELLED));
        String done = cancelled
                ? task + " отменена" + (hubex.getCancelStageId() == null ? "" : " (стадия HubEx "
                        + hubex.getCancelStageId() + ")") + "."
                : task + " оставлена открытой по решению оператора.";
        return LongText.value("Сделка покинула сервисную стадию, пока заявка была открыта"
                + (reason.isEmpty() ? "" : ": " + reason) + ". " + done + " Сервисный цикл сделки завершён.");
    }

    /**
     * The comment after the deal was lost or moved out of the service stage before its HubEx task was created (while
     * an operator was to fix or approve it): the reason ({@code dealLeftReason}).
     */
    public Object dealLeftBeforeTaskComment(VariableScope execution) {
        String reason = text(execution, VAR_DEAL_LEFT_REASON);
        return LongText.value("Сделка покинула сервисную стадию до создания заявки HubEx"
                + (reason.isEmpty() ? "" : ": " + reason) + ". Сервисный цикл сделки завершён, заявка не создавалась.");
    }

    public Object completionComment(VariableScope execution) {
        return LongText.value(CommentTemplate.render(writeback.getCompletionComment(), placeholders(execution)));
    }

    private Map<String, String> placeholders(VariableScope execution) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("number", text(execution, VAR_HUBEX_TASK_NUMBER));
        values.put("id", text(execution, VAR_HUBEX_TASK_ID));
        values.put("link", taskLink(execution));
        values.put("executor", text(execution, VAR_EXECUTOR_NAME));
        values.put("completedAt", bitrixDateTime(text(execution, VAR_TASK_COMPLETED_AT)));
        values.put("deadline", bitrixDateTime(text(execution, VAR_TASK_DEADLINE)));
        values.put("cost", money(execution).replace('|', ' '));
        values.put("comment", text(execution, VAR_EXECUTOR_COMMENT));
        return values;
    }

    /** OPPORTUNITY is the deal amount: it takes the currency separately and must be marked as set by hand. */
    private void putCost(Map<String, Object> fields, VariableScope execution) {
        String field = writeback.getCostField() == null ? "" : writeback.getCostField().trim();
        String money = money(execution);
        if (field.isEmpty() || money.isEmpty()) {
            return;
        }
        if (field.equalsIgnoreCase("OPPORTUNITY")) {
            String[] parts = money.split("\\|");
            fields.put("OPPORTUNITY", parts[0]);
            fields.put("CURRENCY_ID", parts[1]);
            fields.put("IS_MANUAL_OPPORTUNITY", "Y");
        } else {
            fields.put(field, money);
        }
    }

    /** The task's address in HubEx's web interface (dealflow.hubex.task-url-template); empty when not configured. */
    public String taskLink(VariableScope execution) {
        String id = text(execution, VAR_HUBEX_TASK_ID);
        String taskUrlTemplate = hubex.getTaskUrlTemplate();
        if (taskUrlTemplate == null || taskUrlTemplate.isBlank() || id.isEmpty()) {
            return "";
        }
        return taskUrlTemplate.replace("{id}", id).replace("{number}", text(execution, VAR_HUBEX_TASK_NUMBER));
    }

    /** HubEx sends UTC without an offset; Bitrix24 wants ISO-8601 with one. */
    static String bitrixDateTime(String hubexUtc) {
        if (hubexUtc.isEmpty()) {
            return "";
        }
        boolean hasOffset = hubexUtc.endsWith("Z") || hubexUtc.matches(".*[+-]\\d\\d:?\\d\\d$");
        return hasOffset ? hubexUtc.replaceAll("Z$", "+00:00") : hubexUtc + "+00:00";
    }

    private String money(VariableScope execution) {
        String cost = text(execution, VAR_TASK_COST);
        if (cost.isEmpty()) {
            return "";
        }
        String currency = text(execution, VAR_TASK_COST_CURRENCY);
        // whole amounts without decimals (7500), others with at least two (12500.50, not 12500.5)
        BigDecimal value = new BigDecimal(cost).stripTrailingZeros();
        String amount = value.scale() <= 0 ? value.toPlainString()
                : value.setScale(Math.max(2, value.scale())).toPlainString();
        return amount + "|" + (currency.isEmpty() ? completion.getDefaultCurrency() : currency);
    }

    private static void putIfConfigured(Map<String, Object> fields, String field, String value) {
        if (field != null && !field.isBlank() && !value.isEmpty()) {
            fields.put(field.trim(), value);
        }
    }

    private static String text(VariableScope execution, String name) {
        String value = LongText.get(execution, name);
        return value == null ? "" : value;
    }

    private Object json(Map<String, Object> fields) {
        try {
            return LongText.value(objectMapper.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write deal fields as JSON", e);
        }
    }
}
