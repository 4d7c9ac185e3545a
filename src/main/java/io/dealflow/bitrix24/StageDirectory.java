package io.dealflow.bitrix24;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/** Stage display names per pipeline, read through crm.status.list and cached: they rarely change. */
@Component
public class StageDirectory {

    private record Cached(Map<String, String> namesById, Instant readAt) {
    }

    private final DealGateway gateway;
    private final Clock clock;
    private final Map<Integer, Cached> cache = new ConcurrentHashMap<>();
    private volatile CachedPipelines pipelines;

    private record CachedPipelines(List<Integer> ids, Instant readAt) {
    }

    @org.springframework.beans.factory.annotation.Autowired
    public StageDirectory(DealGateway gateway) {
        this(gateway, Clock.systemUTC());
    }

    StageDirectory(DealGateway gateway, Clock clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    public Optional<String> stageName(int categoryId, String stageId, Duration ttl) {
        return Optional.ofNullable(stages(categoryId, ttl).get(stageId));
    }

    /** The stages of one pipeline, STATUS_ID → display name. */
    public Map<String, String> stages(int categoryId, Duration ttl) {
        Cached cached = cache.get(categoryId);
        if (cached == null || cached.readAt().plus(ttl).isBefore(clock.instant())) {
            cached = new Cached(read(categoryId), clock.instant());
            cache.put(categoryId, cached);
        }
        return cached.namesById();
    }

    /** The stages of every deal pipeline, STATUS_ID → display name (STATUS_IDs of pipelines do not overlap). */
    public Map<String, String> allStages(Duration ttl) {
        CachedPipelines known = pipelines;
        if (known == null || known.readAt().plus(ttl).isBefore(clock.instant())) {
            known = new CachedPipelines(List.copyOf(gateway.listPipelineIds()), clock.instant());
            pipelines = known;
        }
        Map<String, String> all = new LinkedHashMap<>();
        for (Integer categoryId : known.ids()) {
            all.putAll(stages(categoryId, ttl));
        }
        return all;
    }

    private Map<String, String> read(int categoryId) {
        Map<String, String> names = new HashMap<>();
        for (JsonNode stage : gateway.listStages(categoryId)) {
            names.put(stage.path("STATUS_ID").asText(), stage.path("NAME").asText(""));
        }
        return names;
    }
}
