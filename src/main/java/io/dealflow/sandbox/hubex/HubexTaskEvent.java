package io.dealflow.sandbox.hubex;

import java.time.Instant;

/** A change HubEx would report through its webhook; published by the store, delivered by the sender. */
public record HubexTaskEvent(Kind kind, int taskId, String taskNumber, int taskStageId, Instant occurred) {

    /**
     * The real event IDs come from a tenant's {@code /COMMON/Events} and are undocumented; these are the
     * simulator's own.
     */
    public enum Kind {
        TASK_CHANGED(2, "TaskChanged"),
        TASK_COMPLETED(3, "TaskCompleted");

        private final int eventId;
        private final String code;

        Kind(int eventId, String code) {
            this.eventId = eventId;
            this.code = code;
        }

        public int eventId() { return eventId; }
        public String code() { return code; }
    }
}
