package io.dealflow.sandbox.hubex;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** An ordered JSON object that drops null and empty values, because HubEx omits empty fields. */
final class JsonFields {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    static JsonFields object() {
        return new JsonFields();
    }

    JsonFields put(String name, Object value) {
        boolean empty = value == null
                || (value instanceof Collection<?> collection && collection.isEmpty())
                || (value instanceof Map<?, ?> map && map.isEmpty());
        if (!empty) {
            fields.put(name, value instanceof JsonFields nested ? nested.build() : value);
        }
        return this;
    }

    Map<String, Object> build() {
        return fields;
    }
}
