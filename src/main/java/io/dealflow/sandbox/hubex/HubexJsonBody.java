package io.dealflow.sandbox.hubex;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpStatus;

/**
 * A request body read the way ASP.NET binds it: property names match case-insensitively, unknown keys are
 * ignored, and a value of the wrong type is refused with InvalidData.
 */
final class HubexJsonBody {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, JsonNode> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private HubexJsonBody(JsonNode object) {
        object.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
    }

    static HubexJsonBody parse(String raw) {
        JsonNode node = readTree(raw);
        if (!node.isObject()) {
            throw HubexApiException.invalidData("body", "Request body must be a JSON object");
        }
        return new HubexJsonBody(node);
    }

    /** A body that is an array of objects, as HubEx's batch methods take; an empty array is refused. */
    static List<HubexJsonBody> parseArray(String raw) {
        JsonNode node = readTree(raw);
        if (!node.isArray()) {
            throw HubexApiException.invalidData("body", "Request body must be a JSON array");
        }
        return objects(node, "body");
    }

    private static JsonNode readTree(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new HubexApiException(HttpStatus.BAD_REQUEST, "EmptyJson",
                    "Request body is empty");
        }
        try {
            return MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            throw HubexApiException.invalidData("body", "Request body is not valid JSON");
        }
    }

    private static List<HubexJsonBody> objects(JsonNode array, String name) {
        if (array.isEmpty()) {
            throw HubexApiException.invalidData(name, name + " must not be empty");
        }
        List<HubexJsonBody> items = new ArrayList<>();
        for (JsonNode item : array) {
            if (!item.isObject()) {
                throw HubexApiException.invalidData(name, name + " must hold JSON objects");
            }
            items.add(new HubexJsonBody(item));
        }
        return items;
    }

    /** An array of objects under {@code name}; absent, null or empty is refused. */
    List<HubexJsonBody> objects(String name) {
        JsonNode node = value(name);
        if (node == null || !node.isArray()) {
            throw HubexApiException.invalidData(name, name + " must be an array");
        }
        return objects(node, name);
    }

    /** An absent body is fine for calls whose fields are all optional. */
    static HubexJsonBody parseOptional(String raw) {
        return raw == null || raw.isBlank() ? new HubexJsonBody(MAPPER.createObjectNode()) : parse(raw);
    }

    private JsonNode value(String name) {
        JsonNode node = fields.get(name);
        return node == null || node.isNull() ? null : node;
    }

    String text(String name) {
        JsonNode node = value(name);
        if (node == null) {
            return null;
        }
        if (!node.isValueNode()) {
            throw HubexApiException.invalidData(name, name + " must be a string");
        }
        return node.asText();
    }

    Integer integer(String name) {
        JsonNode node = value(name);
        if (node == null) {
            return null;
        }
        if (node.canConvertToInt() && node.isIntegralNumber()) {
            return node.intValue();
        }
        if (node.isTextual() && node.asText().matches("-?\\d{1,9}")) {
            return Integer.parseInt(node.asText());
        }
        throw HubexApiException.invalidData(name, name + " must be an integer");
    }

    Double decimal(String name) {
        JsonNode node = value(name);
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        try {
            return Double.parseDouble(node.asText());
        } catch (NumberFormatException e) {
            throw HubexApiException.invalidData(name, name + " must be a number");
        }
    }

    Boolean bool(String name) {
        JsonNode node = value(name);
        if (node == null) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        throw HubexApiException.invalidData(name, name + " must be true or false");
    }

    Instant instant(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        try {
            return HubexTime.parse(text);
        } catch (DateTimeParseException e) {
            throw HubexApiException.invalidData(name, name + " must be an ISO-8601 date-time");
        }
    }
}
