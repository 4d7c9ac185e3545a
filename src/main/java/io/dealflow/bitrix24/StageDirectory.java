package io.dealflow.bitrix24;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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

    @org.springframework.beans.factory.annotation.Autowired
    public StageDirectory(DealGateway gateway) {
        this(gateway, Clock.systemUTC());
    }

    StageDirectory(DealGateway gateway, Clock clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    public Optional<String> stageName(int categoryId, String stageId, Duration ttl) {
        Cached cached = cache.get(categoryId);
        if (cached == null || cached.readAt().plus(ttl).isBefore(clock.instant())) {
            cached = new Cached(read(categoryId), clock.instant());
            cache.put(categoryId, cached);
        }
        return Optional.ofNullable(cached.namesById().get(stageId));
    }

    private Map<String, String> read(int categoryId) {
        Map<String, String> names = new HashMap<>();
        for (JsonNode stage : gateway.listStages(categoryId)) {
            names.put(stage.path("STATUS_ID").asText(), stage.path("NAME").asText(""));
        }
        return names;
    }
}
