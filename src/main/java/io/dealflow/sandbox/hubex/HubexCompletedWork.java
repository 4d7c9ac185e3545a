package io.dealflow.sandbox.hubex;

import java.time.Instant;

/** One line of the task's "Выполнение" tab; the act of completed works sums cost × quantity over these. */
public record HubexCompletedWork(int id, int workTypeId, String workTypeName, double cost, double quantity,
                                 String notes, Instant started, Instant finished, Instant created) {
}
