package io.dealflow.mapping;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HubEx task to create, taken from the deal. Null means "not sent": HubEx then applies its own default (the
 * task type's default, the SLA's deadline, …). Customer and place are resolved to HubEx IDs when the task is
 * created.
 */
public record TaskDraft(String erpId, String notes, String notesHtml, String contactPerson, String contactPhone,
                        String contactEmail, Integer taskTypeId, Integer workTypeId, Integer criticalityId,
                        String deadline, BigDecimal estimatedCost, Integer assetId, Customer customer, Place place,
                        Map<Integer, String> attributes, Map<String, Object> otherFields) {

    /** The deal's company, to be found or created in HubEx. */
    public record Customer(long bitrix24CompanyId, String title, String phone, String email) {
    }

    /** The address the technician goes to; {@code key} identifies it across deals. */
    public record Place(String key, String address, String coordinate) {
    }

    /** The draft of a deal without any of the optional fields. */
    public static TaskDraft basic(String erpId, String notes, String notesHtml, String contactPerson,
                                  String contactPhone, String contactEmail) {
        return new TaskDraft(erpId, notes, notesHtml, contactPerson, contactPhone, contactEmail, null, null, null,
                null, null, null, null, null, Map.of(), Map.of());
    }

    /** The body of POST /fsm/WORK/Tasks; empty fields are left out. */
    public Map<String, Object> toRequest(Integer defaultTaskTypeId, int requestMethodId, Long companyId,
                                         Long locationId) {
        Map<String, Object> body = toRequest(defaultTaskTypeId, requestMethodId);
        if (companyId != null) {
            body.put("companyID", companyId);
        }
        if (locationId != null) {
            body.put("locationID", locationId);
        }
        return body;
    }

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
        putIfPresent(body, "workTypeID", workTypeId);
        putIfPresent(body, "criticalityID", criticalityId);
        putIfPresent(body, "deadline", deadline);
        putIfPresent(body, "estimatedCost", estimatedCost);
        putIfPresent(body, "assetID", assetId);
        otherFields.forEach(body::putIfAbsent);
        return body;
    }

    private static void putIfPresent(Map<String, Object> body, String key, Object value) {
        if (value != null && !(value instanceof String text && text.isBlank())) {
            body.put(key, value);
        }
    }
}
