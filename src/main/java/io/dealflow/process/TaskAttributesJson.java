package io.dealflow.process;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * HubEx custom field values ({attributeID: value}) and other task fields ({field: value}) as process variables:
 * JSON objects, readable in Cockpit.
 */
public final class TaskAttributesJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskAttributesJson() {
    }

    public static String write(Map<Integer, String> attributes) {
        try {
            return JSON.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write task attributes", e);
        }
    }

    public static Map<Integer, String> read(String json, String variableName) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<Integer, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The variable " + variableName
                    + " must be a JSON object {attributeID: value}: " + e.getOriginalMessage());
        }
    }

    public static String writeFields(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write task fields", e);
        }
    }

    public static Map<String, Object> readFields(String json, String variableName) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The variable " + variableName
                    + " must be a JSON object {field: value}: " + e.getOriginalMessage());
        }
    }
}
