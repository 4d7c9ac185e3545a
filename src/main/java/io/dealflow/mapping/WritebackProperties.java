package io.dealflow.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Deal fields that receive the task's data; a blank name means "do not write". */
@ConfigurationProperties(prefix = "dealflow.writeback")
public class WritebackProperties {

    private String taskNumberField = "";
    private String deadlineField = "";
    /** A money field, written as amount|CUR; or OPPORTUNITY, written with CURRENCY_ID and IS_MANUAL_OPPORTUNITY=Y. */
    private String costField = "";
    private String commentField = "";
    /** Datetime field for the moment the task was completed. */
    private String completedAtField = "";
    /** Text field for the executor's name. */
    private String executorField = "";
    /** HubEx custom task field (attributeID) → deal field that receives its value at completion. */
    private Map<Integer, String> attributes = new LinkedHashMap<>();
    /** URL field for a link to the task (needs dealflow.hubex.task-url-template). */
    private String taskLinkField = "";
    /**
     * Timeline comment when the task is created. Placeholders: {number} {id} {link}. A line whose placeholders
     * are all empty is left out.
     */
    private String taskCreatedComment = "Создана заявка HubEx №{number} (ID {id}).\n{link}";
    /** Timeline comment when the task is completed; also {executor} {completedAt} {deadline} {cost} {comment}. */
    private String completionComment = String.join("\n", "Заявка HubEx №{number} выполнена.",
            "Исполнитель: {executor}", "Выполнена: {completedAt}", "Срок: {deadline}", "Стоимость работ: {cost}",
            "Комментарий исполнителя: {comment}", "{link}");

    public String getTaskNumberField() { return taskNumberField; }
    public void setTaskNumberField(String taskNumberField) { this.taskNumberField = taskNumberField; }
    public String getDeadlineField() { return deadlineField; }
    public void setDeadlineField(String deadlineField) { this.deadlineField = deadlineField; }
    public String getCostField() { return costField; }
    public void setCostField(String costField) { this.costField = costField; }
    public String getCommentField() { return commentField; }
    public void setCommentField(String commentField) { this.commentField = commentField; }
    public String getCompletedAtField() { return completedAtField; }
    public void setCompletedAtField(String completedAtField) { this.completedAtField = completedAtField; }
    public String getExecutorField() { return executorField; }
    public void setExecutorField(String executorField) { this.executorField = executorField; }
    public Map<Integer, String> getAttributes() { return attributes; }
    public void setAttributes(Map<Integer, String> attributes) { this.attributes = attributes; }
    public String getTaskLinkField() { return taskLinkField; }
    public void setTaskLinkField(String taskLinkField) { this.taskLinkField = taskLinkField; }
    public String getTaskCreatedComment() { return taskCreatedComment; }
    public void setTaskCreatedComment(String taskCreatedComment) { this.taskCreatedComment = taskCreatedComment; }
    public String getCompletionComment() { return completionComment; }
    public void setCompletionComment(String completionComment) { this.completionComment = completionComment; }
}
