package io.dealflow.sandbox.hubex;

import java.time.Instant;

/** The part of {@code Task.AddData} the simulator keeps. {@code taskTypeId} null means the default type. */
public record NewHubexTask(Integer taskTypeId, int requestMethodId, String notes, String notesHtml, String erpId,
                           String contactPerson, String contactPhone, String contactEmail, Instant deadline,
                           Double estimatedCost, Integer criticalityId, Integer companyId, Integer locationId,
                           Integer assetId, Integer workTypeId) {

    /** The minimum a test needs: type, request method "Интеграция", the Bitrix24 link and a description. */
    public static NewHubexTask of(int taskTypeId, String erpId, String notes) {
        return new NewHubexTask(taskTypeId, 4, notes, null, erpId, null, null, null, null, null, null, null, null,
                null, null);
    }

    /** The same task with a deadline, as the tenant's SLA rule would set one. */
    public NewHubexTask withDeadline(Instant slaDeadline) {
        return new NewHubexTask(taskTypeId, requestMethodId, notes, notesHtml, erpId, contactPerson, contactPhone,
                contactEmail, slaDeadline, estimatedCost, criticalityId, companyId, locationId, assetId, workTypeId);
    }

    static NewHubexTask fromAddData(HubexJsonBody body) {
        Integer requestMethodId = body.integer("requestMethodID");
        if (requestMethodId == null) {
            throw HubexApiException.invalidData("requestMethodID", "requestMethodID is required");
        }
        return new NewHubexTask(body.integer("taskTypeID"), requestMethodId, body.text("notes"),
                body.text("notesHtml"), body.text("erpID"), body.text("contactPerson"), body.text("contactPhone"),
                body.text("contactEmail"), body.instant("deadline"), body.decimal("estimatedCost"),
                body.integer("criticalityID"), body.integer("companyID"), body.integer("locationID"),
                body.integer("assetID"), body.integer("workTypeID"));
    }
}
