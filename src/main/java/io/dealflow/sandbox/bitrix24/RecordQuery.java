package io.dealflow.sandbox.bitrix24;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The filter / order / paging rules shared by the list methods ({@code crm.deal.list}, {@code crm.status.list},
 * …), applied to rendered records whose values are strings as the portal returns them.
 */
final class RecordQuery {

    static final int PAGE_SIZE = 50;
    /**
     * Compiled once: a filter compares every row of the list, and compiling this for each comparison took half the
     * simulators' CPU in the benchmark, on the same two cores as the node it measures.
     */
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    /** Longest prefixes first, so ">=" is not read as ">" followed by a field named "=…". */
    private static final List<String> OPERATORS =
            List.of("!@", "!=", "!%", ">=", "<=", "=%", "%=", "@", "!", ">", "<", "=", "%");

    /** One page of a list result; {@code total} and {@code next} as the list methods report them. */
    record Page<T>(List<T> rows, Integer total, Integer next) {
    }

    private RecordQuery() {
    }

    /**
     * Builds the filter predicate. Conditions on fields the entity does not know are ignored, as the portal
     * ignores them.
     */
    static Predicate<Map<String, Object>> filter(Map<String, Object> filter, Predicate<String> knownField,
                                                 PortalTime time) {
        Predicate<Map<String, Object>> all = row -> true;
        if (filter == null) {
            return all;
        }
        for (Map.Entry<String, Object> condition : filter.entrySet()) {
            String operator = operatorOf(condition.getKey());
            String field = fieldOf(condition.getKey(), operator);
            if (!knownField.test(field)) {
                continue;
            }
            Object expected = condition.getValue();
            all = all.and(row -> matches(row.get(field), operator, expected, time));
        }
        return all;
    }

    /**
     * The IDs an equality condition on ID ({@code ID}, {@code =ID}, {@code @ID}) restricts the rows to, when all its
     * values are numbers; empty otherwise. The store then renders only those records: rendering every deal for each
     * {@code crm.deal.list} was over a third of the simulators' CPU in the benchmark. The filter still applies.
     */
    static Optional<Set<Long>> idsRestrictedTo(Map<String, Object> filter) {
        if (filter == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, Object> condition : filter.entrySet()) {
            String operator = operatorOf(condition.getKey());
            boolean equality = operator.isEmpty() || operator.equals("=") || operator.equals("@");
            if (!equality || !fieldOf(condition.getKey(), operator).equals("ID")) {
                continue;
            }
            Set<Long> ids = new TreeSet<>();
            for (Object candidate : Params.list(condition.getValue())) {
                BigDecimal value = number(Params.str(candidate));
                if (value == null) {
                    return Optional.empty();
                }
                // a fraction or a number beyond long equals no ID
                if (value.stripTrailingZeros().scale() <= 0) {
                    try {
                        ids.add(value.longValueExact());
                    } catch (ArithmeticException beyondLong) {
                        // no record has it
                    }
                }
            }
            return Optional.of(ids);
        }
        return Optional.empty();
    }

    /** The operator a filter key starts with ("" for plain equality). */
    private static String operatorOf(String key) {
        return OPERATORS.stream().filter(key::startsWith).findFirst().orElse("");
    }

    private static String fieldOf(String key, String operator) {
        return key.substring(operator.length()).toUpperCase();
    }

    /** Sorts by {@code order} ({FIELD: "ASC"|"DESC"}); without one the rows keep their natural order. */
    static List<Map<String, Object>> sorted(List<Map<String, Object>> rows, Map<String, Object> order,
                                            PortalTime time) {
        if (order == null || order.isEmpty()) {
            return rows;
        }
        Comparator<Map<String, Object>> comparator = (a, b) -> 0;
        for (Map.Entry<String, Object> entry : order.entrySet()) {
            String field = entry.getKey().toUpperCase();
            Comparator<Map<String, Object>> byField = (a, b) -> compareNullable(a.get(field), b.get(field), time);
            if ("DESC".equalsIgnoreCase(Params.str(entry.getValue()))) {
                byField = byField.reversed();
            }
            comparator = comparator.thenComparing(byField);
        }
        return rows.stream().sorted(comparator).toList();
    }

    /** Pages by {@code start}; {@code start=-1} skips the count, as the portal's fast mode does. */
    static <T> Page<T> page(List<T> rows, Object startParam) {
        int start = Params.integer(startParam, 0);
        if (start < 0) {
            return new Page<>(new ArrayList<>(rows.subList(0, Math.min(PAGE_SIZE, rows.size()))), 0, null);
        }
        int from = Math.min(start, rows.size());
        int to = Math.min(from + PAGE_SIZE, rows.size());
        Integer next = to < rows.size() ? to : null;
        return new Page<>(new ArrayList<>(rows.subList(from, to)), rows.size(), next);
    }

    private static boolean matches(Object actual, String operator, Object expected, PortalTime time) {
        List<Object> candidates = Params.list(expected);
        switch (operator) {
            case "", "=", "@":
                return candidates.stream().anyMatch(c -> equal(actual, c, time));
            case "!", "!=", "!@":
                return candidates.stream().noneMatch(c -> equal(actual, c, time));
            case ">", ">=", "<", "<=":
                if (actual == null || candidates.isEmpty()) {
                    return false;
                }
                int cmp = compare(actual, candidates.get(0), time);
                return switch (operator) {
                    case ">" -> cmp > 0;
                    case ">=" -> cmp >= 0;
                    case "<" -> cmp < 0;
                    default -> cmp <= 0;
                };
            case "%":
                return candidates.stream().anyMatch(c -> like(actual, "%" + Params.str(c) + "%"));
            case "!%":
                return candidates.stream().noneMatch(c -> like(actual, "%" + Params.str(c) + "%"));
            default: // "=%" and "%=": the caller places the wildcards
                return candidates.stream().anyMatch(c -> like(actual, Params.str(c)));
        }
    }

    private static boolean equal(Object actual, Object expected, PortalTime time) {
        if (actual instanceof List<?> values) {
            return values.stream().anyMatch(v -> equal(v, expected, time));
        }
        String a = Params.str(actual);
        String b = Params.str(expected);
        if (a == null || b == null) {
            return (a == null || a.isEmpty()) && (b == null || b.isEmpty());
        }
        return compare(a, b, time) == 0;
    }

    private static int compareNullable(Object a, Object b, PortalTime time) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return compare(a, b, time);
    }

    /** Numbers compare as numbers, datetimes as instants, everything else case-insensitively like MySQL. */
    private static int compare(Object actual, Object expected, PortalTime time) {
        String a = Params.str(actual);
        String b = Params.str(expected);
        BigDecimal na = number(a);
        BigDecimal nb = number(b);
        if (na != null && nb != null) {
            return na.compareTo(nb);
        }
        if (PortalTime.looksLikeDateTime(a)) {
            try {
                return time.parseDateTime(a).compareTo(time.parseDateTime(b));
            } catch (Bitrix24RestError notADate) {
                return a.compareToIgnoreCase(b);
            }
        }
        return a.compareToIgnoreCase(b);
    }

    private static boolean like(Object actual, String pattern) {
        String value = Params.str(actual);
        if (value == null || pattern == null) {
            return false;
        }
        String regex = Pattern.quote(pattern).replace("%", "\\E.*\\Q");
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL)
                .matcher(value).matches();
    }

    private static BigDecimal number(String text) {
        if (text == null || text.isEmpty() || !NUMBER.matcher(text).matches()) {
            return null;
        }
        return new BigDecimal(text);
    }
}
