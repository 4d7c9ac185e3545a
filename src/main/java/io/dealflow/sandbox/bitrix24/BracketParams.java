package io.dealflow.sandbox.bitrix24;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns PHP-style bracket keys ({@code filter[ENTITY_ID]=DEAL_STAGE_1}, {@code select[]=ID}) into nested maps,
 * the way PHP's {@code parse_str} does on the portal. Arrays become maps with "0", "1", … keys, exactly as PHP
 * arrays do; {@link Params} reads both shapes.
 */
final class BracketParams {

    private BracketParams() {
    }

    /** Parses a query string such as a batch command's {@code id=1&fields[TITLE]=x}. */
    static Map<String, Object> parseQuery(String query) {
        Map<String, Object> target = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return target;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            put(target, key, value);
        }
        return target;
    }

    /** Converts servlet parameters (already URL-decoded, possibly repeated) into nested maps. */
    static Map<String, Object> fromParameterMap(Map<String, String[]> parameters) {
        Map<String, Object> target = new LinkedHashMap<>();
        parameters.forEach((key, values) -> {
            for (String value : values) {
                put(target, key, value);
            }
        });
        return target;
    }

    /** Stores one decoded {@code key=value} pair, creating the nested maps its brackets describe. */
    static void put(Map<String, Object> target, String key, String value) {
        List<String> path = splitKey(key);
        if (path.get(0).isEmpty()) {
            return; // PHP ignores keys such as "[a]=1"
        }
        Map<String, Object> current = target;
        for (int i = 0; i < path.size() - 1; i++) {
            String segment = path.get(i).isEmpty() ? nextIndex(current) : path.get(i);
            Object child = current.get(segment);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                current.put(segment, child);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> next = (Map<String, Object>) child;
            current = next;
        }
        String last = path.get(path.size() - 1);
        current.put(last.isEmpty() ? nextIndex(current) : last, value);
    }

    private static List<String> splitKey(String key) {
        List<String> path = new ArrayList<>();
        int open = key.indexOf('[');
        if (open <= 0 || key.indexOf(']', open) < 0) {
            path.add(key);
            return path;
        }
        path.add(key.substring(0, open));
        int pos = open;
        while (pos < key.length() && key.charAt(pos) == '[') {
            int close = key.indexOf(']', pos);
            if (close < 0) {
                break; // PHP drops an unterminated trailing bracket
            }
            path.add(key.substring(pos + 1, close));
            pos = close + 1;
        }
        return path;
    }

    /** PHP appends "[]" entries after the highest integer key. */
    private static String nextIndex(Map<String, Object> map) {
        long next = 0;
        for (String existing : map.keySet()) {
            if (!existing.isEmpty() && existing.chars().allMatch(Character::isDigit) && existing.length() < 18) {
                next = Math.max(next, Long.parseLong(existing) + 1);
            }
        }
        return Long.toString(next);
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }
}
