package io.dealflow.inbox;

import java.util.Locale;

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

    private static String normalize(String text) {
        return text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    }
}
