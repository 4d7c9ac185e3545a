package io.dealflow.inbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Finds the task ID in a HubEx webhook payload. HubEx does not document the payload, so the usual shapes are
 * accepted: {@code id}, {@code taskID}/{@code TaskID}/{@code taskId}, and the same inside {@code task} or
 * {@code data}; an array of such objects names several tasks.
 */
final class HubexTaskIds {

    private static final List<String> TASK_KEYS = List.of("taskid", "task_id");
    private static final List<String> NESTED = List.of("task", "data", "entity", "object");

    private HubexTaskIds() {
    }

    static List<Long> find(JsonNode payload) {
        List<Long> ids = new ArrayList<>();
        if (payload.isArray()) {
            payload.forEach(item -> ids.addAll(find(item)));
            return ids;
        }
        if (!payload.isObject()) {
            return ids;
        }
        Long id = fromKeys(payload, TASK_KEYS);
        if (id == null) {
            for (String nested : NESTED) {
                JsonNode inner = field(payload, nested);
                if (inner != null && inner.isObject()) {
                    id = fromKeys(inner, TASK_KEYS);
                    if (id == null) {
                        id = fromKeys(inner, List.of("id"));
                    }
                    if (id != null) {
                        break;
                    }
                }
            }
        }
        if (id == null) {
            id = fromKeys(payload, List.of("id"));
        }
        if (id != null) {
            ids.add(id);
        }
        return ids;
    }

    private static Long fromKeys(JsonNode object, List<String> keys) {
        for (String key : keys) {
            JsonNode value = field(object, key);
            if (value != null) {
                Long id = asId(value);
                if (id != null) {
                    return id;
                }
            }
        }
        return null;
    }

    /** Field look-up ignoring case, as HubEx's ASP.NET back end binds names. */
    private static JsonNode field(JsonNode object, String name) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static Long asId(JsonNode value) {
        if (value.isIntegralNumber() && value.asLong() > 0) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                long parsed = Long.parseLong(value.asText().trim());
                return parsed > 0 ? parsed : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
