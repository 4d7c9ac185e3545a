package io.dealflow.bitrix24;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * One REST method call that may travel inside a {@code batch}: the {@code key} names its answer, {@code query} is
 * what the portal {@code parse_str}s ("method?query", reference §3.11). A command built from parameters can also
 * be sent on its own as a JSON call; a chained command (one that reads an earlier command's answer through
 * {@code $result[key]…}) only inside a batch, together with the commands it reads.
 */
record Bitrix24Command(String key, String method, Map<String, ?> params, String query) {

    Bitrix24Command {
        if (key == null || !key.matches("[A-Za-z0-9_]+")) {
            // the key is used inside $result[...] references: brackets or other punctuation would break them
            throw new IllegalArgumentException("a batch command key is letters, digits and '_', got " + key);
        }
    }

    /** A call from its parameters, encoded the way PHP's http_build_query does (nested maps and lists in brackets). */
    static Bitrix24Command of(String key, String method, Map<String, ?> params) {
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> appendParam(query, encode(name), value));
        return new Bitrix24Command(key, method, params, query.toString());
    }

    /**
     * A command written as the portal's "method?query" text, which may read other commands of its batch through
     * {@code $result[key][FIELD]}: it can only be sent inside a batch.
     */
    static Bitrix24Command chained(String key, String methodAndQuery) {
        int question = methodAndQuery.indexOf('?');
        String method = question < 0 ? methodAndQuery : methodAndQuery.substring(0, question);
        return new Bitrix24Command(key, method, null, question < 0 ? "" : methodAndQuery.substring(question + 1));
    }

    /** Whether it can go out as a call of its own (JSON body) instead of inside a batch. */
    boolean standalone() {
        return params != null;
    }

    /** The batch command text: "method?query". */
    String text() {
        return query.isEmpty() ? method : method + "?" + query;
    }

    /** The same command under another key, with its references to commands of its own unit renamed too. */
    Bitrix24Command renamed(String newKey, Map<String, String> unitKeys) {
        String renamedQuery = query;
        for (Map.Entry<String, String> entry : unitKeys.entrySet()) {
            renamedQuery = renamedQuery.replace("$result[" + entry.getKey() + "]",
                    "$result[" + entry.getValue() + "]");
        }
        return new Bitrix24Command(newKey, method, params, renamedQuery);
    }

    private static void appendParam(StringBuilder query, String name, Object value) {
        if (value == null) {
            return; // http_build_query drops nulls as well
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> appendParam(query, name + "[" + encode(String.valueOf(k)) + "]", v));
        } else if (value instanceof Collection<?> list) {
            int index = 0;
            for (Object item : list) {
                appendParam(query, name + "[" + index++ + "]", item);
            }
        } else {
            if (!query.isEmpty()) {
                query.append('&');
            }
            String text = value instanceof Boolean flag ? (flag ? "1" : "0") : String.valueOf(value);
            query.append(name).append('=').append(encode(text));
        }
    }

    private static String encode(String text) {
        // spaces as %20: parse_str reads both, and %20 stays readable in logs and tests
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
