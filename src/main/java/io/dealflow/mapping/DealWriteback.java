package io.dealflow.mapping;

import static io.dealflow.process.ProcessConstants.*;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.process.LongText;
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
    private final ObjectMapper objectMapper;

    public DealWriteback(WritebackProperties writeback, CompletionProperties completion, ObjectMapper objectMapper) {
        this.writeback = writeback;
        this.completion = completion;
        this.objectMapper = objectMapper;
    }

    /** The task number into dealflow.writeback.task-number-field, when that is set. */
    public Object taskLinkFields(VariableScope execution) {
        Map<String, Object> fields = new LinkedHashMap<>();
        putIfConfigured(fields, writeback.getTaskNumberField(), text(execution, VAR_HUBEX_TASK_NUMBER));
        return json(fields);
    }

    public Object taskCreatedComment(VariableScope execution) {
        return "Создана заявка HubEx №" + text(execution, VAR_HUBEX_TASK_NUMBER)
                + " (ID " + text(execution, VAR_HUBEX_TASK_ID) + ").";
    }

    /** Completion stage, deadline, cost (amount|CUR) and executor comment. */
    public Object completionFields(VariableScope execution) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String stage = completionStage(execution);
        if (!stage.isEmpty()) {
            fields.put("STAGE_ID", stage);
        }
        putIfConfigured(fields, writeback.getDeadlineField(), bitrixDateTime(text(execution, VAR_TASK_DEADLINE)));
        putIfConfigured(fields, writeback.getCostField(), money(execution));
        putIfConfigured(fields, writeback.getCommentField(), text(execution, VAR_EXECUTOR_COMMENT));
        return json(fields);
    }

    public Object completionComment(VariableScope execution) {
        StringJoiner lines = new StringJoiner("\n");
        lines.add("Заявка HubEx №" + text(execution, VAR_HUBEX_TASK_NUMBER) + " выполнена.");
        addLine(lines, "Исполнитель: ", text(execution, VAR_EXECUTOR_NAME));
        addLine(lines, "Выполнена: ", bitrixDateTime(text(execution, VAR_TASK_COMPLETED_AT)));
        addLine(lines, "Срок: ", bitrixDateTime(text(execution, VAR_TASK_DEADLINE)));
        addLine(lines, "Стоимость работ: ", money(execution).replace('|', ' '));
        addLine(lines, "Комментарий исполнителя: ", text(execution, VAR_EXECUTOR_COMMENT));
        return LongText.value(lines.toString());
    }

    /** A full STATUS_ID is kept; a bare code is placed in the deal's own pipeline (C{n}:CODE). */
    String completionStage(VariableScope execution) {
        String configured = completion.getStageId() == null ? "" : completion.getStageId().trim();
        if (configured.isEmpty() || configured.contains(":")) {
            return configured;
        }
        Object category = execution.getVariable(VAR_DEAL_CATEGORY_ID);
        int categoryId = category instanceof Number n ? n.intValue() : 0;
        return categoryId == 0 ? configured : "C" + categoryId + ":" + configured;
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

    private static void addLine(StringJoiner lines, String label, String value) {
        if (!value.isEmpty()) {
            lines.add(label + value);
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
