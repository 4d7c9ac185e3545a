package io.dealflow.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

/** The fields of the HubEx task to create, taken from the deal. */
public record TaskDraft(String erpId, String notes, String notesHtml, String contactPerson, String contactPhone,
                        String contactEmail) {

    /** The body of POST /fsm/WORK/Tasks; empty fields are left out. */
    public Map<String, Object> toRequest(Integer taskTypeId, int requestMethodId) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (taskTypeId != null) {
            body.put("taskTypeID", taskTypeId);
        }
        body.put("requestMethodID", requestMethodId);
        body.put("erpID", erpId);
        putIfPresent(body, "notes", notes);
        putIfPresent(body, "notesHtml", notesHtml);
        putIfPresent(body, "contactPerson", contactPerson);
        putIfPresent(body, "contactPhone", contactPhone);
        putIfPresent(body, "contactEmail", contactEmail);
        return body;
    }

    private static void putIfPresent(Map<String, Object> body, String key, String value) {
        if (value != null && !value.isBlank()) {
            body.put(key, value);
        }
    }
}
