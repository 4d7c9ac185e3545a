package io.dealflow.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** What happens to the deal when its HubEx task is completed. */
@ConfigurationProperties(prefix = "dealflow.completion")
public class CompletionProperties {

    /**
     * Stage the deal moves to. A full STATUS_ID (C1:UC_DONE) is used as is; a bare code (UC_DONE) is applied
     * inside the deal's own pipeline, so one setting serves every pipeline that has that stage code.
     */
    private String stageId = "";
    /**
     * Per pipeline (CATEGORY_ID → stage): a STATUS_ID, a bare code or the stage's display name, resolved to an ID
     * at startup. A pipeline listed here ignores stage-id.
     */
    private Map<Integer, String> stages = new LinkedHashMap<>();
    /**
     * Stage the deal moves to when its HubEx task is cancelled or deleted: a STATUS_ID, or a bare code placed in the
     * deal's pipeline; empty = the deal stays where it is (a timeline comment is added either way).
     */
    private String cancelledStageId = "";
    /** Where the executor comment comes from. */
    private CommentSource commentSource = CommentSource.TECHNICIAN_CHAT;
    /** The custom task field (attributeID) holding the comment, for comment-source attribute. */
    private Integer commentAttributeId;
    /** Currency written with the cost when HubEx does not name one. */
    private String defaultCurrency = "RUB";

    public String getStageId() { return stageId; }
    public void setStageId(String stageId) { this.stageId = stageId; }
    public Map<Integer, String> getStages() { return stages; }
    public void setStages(Map<Integer, String> stages) { this.stages = stages; }
    public String getCancelledStageId() { return cancelledStageId; }
    public void setCancelledStageId(String cancelledStageId) { this.cancelledStageId = cancelledStageId; }
    public CommentSource getCommentSource() { return commentSource; }
    public void setCommentSource(CommentSource commentSource) { this.commentSource = commentSource; }
    public Integer getCommentAttributeId() { return commentAttributeId; }
    public void setCommentAttributeId(Integer commentAttributeId) { this.commentAttributeId = commentAttributeId; }
    public String getDefaultCurrency() { return defaultCurrency; }
    public void setDefaultCurrency(String defaultCurrency) { this.defaultCurrency = defaultCurrency; }

    public enum CommentSource {
        /** The latest task chat message written by a technician. */
        TECHNICIAN_CHAT,
        /** The notes of the task's completed works, joined. */
        COMPLETED_WORKS,
        /** A custom task field the technician fills (comment-attribute-id). */
        ATTRIBUTE,
        NONE
    }
}
