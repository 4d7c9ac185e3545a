package io.dealflow.bitrix24;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** Answers of one {@code batch} call, per command key; a failed command has an error instead of a result. */
public record BatchResult(Map<String, JsonNode> results, Map<String, Bitrix24Exception> errors) {

    public Optional<JsonNode> result(String key) {
        JsonNode node = results.get(key);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }

    public Optional<Bitrix24Exception> error(String key) {
        return Optional.ofNullable(errors.get(key));
    }
}
