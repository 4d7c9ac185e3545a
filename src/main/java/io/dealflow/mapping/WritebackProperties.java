package io.dealflow.mapping;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Deal fields that receive the task's data; a blank name means "do not write". */
@ConfigurationProperties(prefix = "dealflow.writeback")
public class WritebackProperties {

    private String taskNumberField = "";
    private String deadlineField = "";
    /** A money field: written as amount|CUR. */
    private String costField = "";
    private String commentField = "";

    public String getTaskNumberField() { return taskNumberField; }
    public void setTaskNumberField(String taskNumberField) { this.taskNumberField = taskNumberField; }
    public String getDeadlineField() { return deadlineField; }
    public void setDeadlineField(String deadlineField) { this.deadlineField = deadlineField; }
    public String getCostField() { return costField; }
    public void setCostField(String costField) { this.costField = costField; }
    public String getCommentField() { return commentField; }
    public void setCommentField(String commentField) { this.commentField = commentField; }
}
