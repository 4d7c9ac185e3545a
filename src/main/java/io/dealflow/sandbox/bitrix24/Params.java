package io.dealflow.sandbox.bitrix24;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads REST parameters that may arrive as JSON (lists, numbers, booleans) or as PHP form data (maps keyed
 * "0", "1", … and strings only), so every method sees one shape.
 */
final class Params {

    private Params() {
    }

    /** A JSON object, or a PHP array given as map; a JSON list becomes a map keyed by position. */
    static Map<String, Object> map(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), v));
            return copy;
        }
        if (value instanceof List<?> list) {
            Map<String, Object> indexed = new LinkedHashMap<>();
            for (int i = 0; i < list.size(); i++) {
                indexed.put(Integer.toString(i), list.get(i));
            }
            return indexed;
        }
        return null;
    }

    /** A JSON list, the values of a PHP array, a single scalar as a one-element list, or empty. */
    static List<Object> list(Object value) {
        if (value == null) {
            return new ArrayList<>();
        }
        if (value instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        if (value instanceof Map<?, ?> map) {
            return new ArrayList<>(map.values());
        }
        List<Object> single = new ArrayList<>();
        single.add(value);
        return single;
    }

    static String str(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Boolean flag) {
            return flag ? "Y" : "N";
        }
        return value.toString();
    }

    /** A positive entity ID; anything else is the portal's "ID is not defined or invalid". */
    static long id(Object value) {
        String text = str(value);
        if (text == null || !text.trim().matches("\\d{1,18}")) {
            throw Bitrix24RestError.invalidId();
        }
        long id = Long.parseLong(text.trim());
        if (id <= 0) {
            throw Bitrix24RestError.invalidId();
        }
        return id;
    }

    static Map<String, Object> fields(Map<String, Object> params) {
        Map<String, Object> fields = map(params.get("fields"));
        if (fields == null) {
            throw Bitrix24RestError.badRequest("Parameter 'fields' must be array");
        }
        return fields;
    }

    /** PHP truthiness for flags such as {@code halt}. */
    static boolean flag(Object value) {
        String text = str(value);
        return text != null && !text.isEmpty() && !text.equals("0") && !text.equalsIgnoreCase("N")
                && !text.equalsIgnoreCase("false");
    }

    static int integer(Object value, int fallback) {
        String text = str(value);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return new BigDecimal(text.trim()).intValue();
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
