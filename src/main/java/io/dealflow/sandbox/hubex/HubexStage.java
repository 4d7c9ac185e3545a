package io.dealflow.sandbox.hubex;

import java.util.List;

/**
 * A life-cycle stage with the customer-facing status linked to it and the stages a task may move to from here.
 */
public record HubexStage(int id, String name, String color, int statusId, String statusName,
                         List<Integer> nextStageIds) {
}
