package io.dealflow.sandbox.hubex;

/** A task type with its life-cycle route: where tasks start and which stage completes them. */
public record HubexTaskType(int id, String name, boolean isDefault, int startStageId, int finishStageId) {
}
