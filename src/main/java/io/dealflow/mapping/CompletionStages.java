package io.dealflow.mapping;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.dealflow.bitrix24.DealGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The stage a deal moves to when its task is completed, per pipeline. Entries of dealflow.completion.stages may
 * name a stage by ID or by its display name; both are checked against the portal once the service is up, and
 * a stage that does not exist stops the start with a message naming it.
 */
@Component
public class CompletionStages {

    private static final Logger log = LoggerFactory.getLogger(CompletionStages.class);

    private final CompletionProperties properties;
    private final DealGateway deals;
    private final Map<Integer, String> resolved = new ConcurrentHashMap<>();

    public CompletionStages(CompletionProperties properties, DealGateway deals) {
        this.properties = properties;
        this.deals = deals;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void resolveConfiguredStages() {
        for (Map.Entry<Integer, String> entry : properties.getStages().entrySet()) {
            resolved.put(entry.getKey(), resolve(entry.getKey(), entry.getValue().trim()));
        }
        if (!resolved.isEmpty()) {
            log.info("Completion stages per pipeline: {}", resolved);
        }
    }

    /** The completion stage for a deal in this pipeline; empty when nothing is configured for it. */
    public Optional<String> forPipeline(int categoryId) {
        String stage = resolved.get(categoryId);
        if (stage != null) {
            return Optional.of(stage);
        }
        String configured = properties.getStageId() == null ? "" : properties.getStageId().trim();
        if (configured.isEmpty() || configured.contains(":") || categoryId == 0) {
            return configured.isEmpty() ? Optional.empty() : Optional.of(configured);
        }
        // a bare code is placed in the deal's own pipeline
        return Optional.of("C" + categoryId + ":" + configured);
    }

    private String resolve(int categoryId, String configured) {
        JsonNode stages = deals.listStages(categoryId);
        StringBuilder known = new StringBuilder();
        for (JsonNode stage : stages) {
            String id = stage.path("STATUS_ID").asText();
            String name = stage.path("NAME").asText("");
            if (id.equalsIgnoreCase(configured) || id.equalsIgnoreCase("C" + categoryId + ":" + configured)
                    || name.strip().equalsIgnoreCase(configured)) {
                return id;
            }
            known.append(known.length() == 0 ? "" : ", ").append(id).append(" «").append(name).append('»');
        }
        throw new IllegalStateException("dealflow.completion.stages." + categoryId + ": pipeline " + categoryId
                + " has no stage «" + configured + "» (its stages: " + (known.length() == 0 ? "none" : known) + ")");
    }
}
