package io.dealflow.mapping;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of the HubEx task to create, taken from the deal. Null means "not sent": HubEx then applies its own
 * default (the task type's default, the SLA's deadline, …).
 */
public record TaskDraft(String erpId, String notes, String notesHtml, String contactPerson, String contactPhone,
                        String contactEmail, Integer taskTypeId, Integer workTypeId, Integer criticalityId,
                        String deadline, BigDecimal estimatedCost) {

    /** The draft of a deal without any of the optional fields. */
    public static TaskDraft basic(String erpId, String notes, String notesHtml, String contactPerson,
                                  String contactPhone, String contactEmail) {
        return new TaskDraft(erpId, notes, notesHtml, contactPerson, contactPhone, contactEmail, null, null, null,
                null, null);
    }

    /** The body of POST /fsm/WORK/Tasks; empty fields are left out. */
    public Map<String, Object> toRequest(Integer defaultTaskTypeId, int requestMethodId) {
        Map<String, Object> body = new LinkedHashMap<>();
        Integer type = taskTypeId != null ? taskTypeId : defaultTaskTypeId;
        if (type != null) {
            body.put("taskTypeID", type);
        }
        body.put("requestMethodID", requestMethodId);
        body.put("erpID", erpId);
        putIfPresent(body, "notes", notes);
        putIfPresent(body, "notesHtml", notesHtml);
        putIfPresent(body, "contactPerson", contactPerson);
        putIfPresent(body, "contactPhone", contactPhone);
        putIfPresent(body, "contactEmail", contactEmail);
        if (workTypeId != null) {
            body.put("workTypeID", workTypeId);
        }
        if (criticalityId != null) {
            body.put("criticalityID", criticalityId);
        }
        putIfPresent(body, "deadline", deadline);
        if (estimatedCost != null) {
            body.put("estimatedCost", estimatedCost);
        }
        return body;
    }

    private static void putIfPresent(Map<String, Object> body, String key, String value) {
        if (value != null && !value.isBlank()) {
            body.put(key, value);
        }
    }
}
