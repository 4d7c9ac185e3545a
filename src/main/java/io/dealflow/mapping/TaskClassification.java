package io.dealflow.mapping;

import java.util.Optional;

/** The value tables an analyst maintains in processes/task-classification.dmn. */
public interface TaskClassification {

    /** Task type and work type for a deal's pipeline and stage; empty parts fall back to the configured defaults. */
    TaskKind kindOf(int categoryId, String stageId);

    /** The HubEx criticalityID for a deal's criticality value (e.g. a Bitrix24 list option ID). */
    Optional<Integer> criticalityOf(String dealValue);

    record TaskKind(Integer taskTypeId, Integer workTypeId) {
    }
}
