package io.dealflow.inbox;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import io.dealflow.bitrix24.Deal;
import io.dealflow.bitrix24.StageDirectory;
import org.springframework.stereotype.Component;

/** Decides whether a deal sits in a stage that starts a service cycle. */
@Component
public class TriggerStageMatcher {

    private final TriggerProperties properties;
    private final StageDirectory stages;

    public TriggerStageMatcher(TriggerProperties properties, StageDirectory stages) {
        this.properties = properties;
        this.stages = stages;
    }

    public boolean isTriggerStage(Deal deal) {
        String stageId = deal.stageId();
        if (stageId.isEmpty()) {
            return false;
        }
        if (properties.getStageIds().contains(stageId)) {
            return true;
        }
        String prefix = normalize(properties.getStageNamePrefix());
        if (prefix.isEmpty()) {
            return false;
        }
        return stages.stageName(deal.categoryId(), stageId, properties.getStageCacheTtl())
                .map(name -> normalize(name).startsWith(prefix))
                .orElse(false);
    }

    /**
     * Every trigger stage of the portal: the configured STATUS_IDs plus, across all pipelines, each stage whose
     * name starts with the configured prefix (crm.category.list + crm.status.list, cached like the names).
     */
    public Set<String> triggerStageIds() {
        Set<String> ids = new LinkedHashSet<>();
        properties.getStageIds().stream().map(String::strip).filter(id -> !id.isEmpty()).forEach(ids::add);
        String prefix = normalize(properties.getStageNamePrefix());
        if (!prefix.isEmpty()) {
            stages.allStages(properties.getStageCacheTtl()).forEach((stageId, name) -> {
                if (normalize(name).startsWith(prefix)) {
                    ids.add(stageId);
                }
            });
        }
        return ids;
    }

    private static String normalize(String text) {
        return text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    }
}
