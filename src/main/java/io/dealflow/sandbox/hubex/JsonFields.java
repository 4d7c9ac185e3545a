package io.dealflow.sandbox.hubex;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

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

    /** HubEx's usual list shape: a JSON object keyed by entity ID, in the items' order. */
    static <T> Map<String, Object> keyed(Iterable<T> items, Function<T, Integer> id, Function<T, Object> value) {
        Map<String, Object> byId = new LinkedHashMap<>();
        items.forEach(item -> byId.put(String.valueOf(id.apply(item)), value.apply(item)));
        return byId;
    }
}
