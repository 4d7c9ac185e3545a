package io.dealflow.sandbox.hubex;

import java.time.Instant;

/**
 * A custom-field definition ({@code COMMON/Attributes}): what it is called, its type and which entities it
 * applies to. {@code deleted} is null for a live field.
 */
public record HubexAttribute(int id, String name, HubexAttributeType type, boolean relevantForTask,
                             boolean relevantForAsset, boolean relevantForCompletedWork,
                             boolean relevantForCompany, Instant deleted) {

    static HubexAttribute forTask(int id, String name, HubexAttributeType type) {
        return new HubexAttribute(id, name, type, true, false, false, false, null);
    }

    public boolean isDeleted() {
        return deleted != null;
    }

    /** Whether a task may carry a value of this field. */
    public boolean isWritableOnTasks() {
        return relevantForTask && !isDeleted();
    }
}
