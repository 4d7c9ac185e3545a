package io.dealflow.sandbox.hubex;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * HubEx paging as observed on live tenants: {@code Range: items=FROM-TILL} is 1-based and inclusive and answers
 * 206 with {@code Content-Range}; {@code offset}/{@code fetch} answer 200 without it; with neither, lists are
 * silently cut at 10 000 items.
 */
final class HubexPaging {

    static final int UNRANGED_CAP = 10_000;
    private static final Pattern RANGE = Pattern.compile("\\s*items\\s*=\\s*(\\d{1,9})\\s*-\\s*(\\d{1,9})\\s*",
            Pattern.CASE_INSENSITIVE);

    private HubexPaging() {
    }

    static <T> ResponseEntity<Object> page(List<T> items, Map<String, String> query, String rangeHeader,
                                           Function<List<T>, Object> render) {
        int total = items.size();
        if (rangeHeader != null) {
            Matcher range = RANGE.matcher(rangeHeader);
            if (!range.matches()) {
                throw HubexApiException.invalidData("Range", "Range must look like items=FROM-TILL");
            }
            // "items=0-49" yields 49 items on HubEx: position 0 does not exist in its 1-based numbering.
            int start = Math.max(Integer.parseInt(range.group(1)), 1) - 1;
            int end = Math.min(Integer.parseInt(range.group(2)), total);
            String contentRange = start < end ? "items=%d-%d/%d".formatted(start + 1, end, total)
                    : "items=0-0/" + total;
            return ResponseEntity.status(HttpStatus.PARTIAL_CONTENT).header(HttpHeaders.CONTENT_RANGE, contentRange)
                    .body(render.apply(start < end ? items.subList(start, end) : List.of()));
        }
        Map<String, String> p = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        p.putAll(query);
        int offset = Math.min(nonNegative(p, "offset", 0), total);
        int fetch = Math.min(nonNegative(p, "fetch", UNRANGED_CAP), UNRANGED_CAP);
        return ResponseEntity.ok(render.apply(items.subList(offset, Math.min(total, offset + fetch))));
    }

    static ResponseEntity<Object> count(int total) {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_RANGE, "items=0-0/" + total).build();
    }

    private static int nonNegative(Map<String, String> p, String name, int fallback) {
        String value = p.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below, like any out-of-domain value
        }
        throw new HubexApiException(HttpStatus.CONFLICT, "InvalidData", "The value of " + name + " is not valid",
                Map.of("parameter", name));
    }
}
