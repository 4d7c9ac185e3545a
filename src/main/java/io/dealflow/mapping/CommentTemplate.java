package io.dealflow.mapping;

import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {placeholder}s of a timeline-comment template line by line. A line whose placeholders are all empty is
 * left out, so "Исполнитель: {executor}" disappears when nobody was assigned.
 */
public final class CommentTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");

    private CommentTemplate() {
    }

    public static String render(String template, Map<String, String> values) {
        StringJoiner lines = new StringJoiner("\n");
        for (String line : template.split("\n", -1)) {
            Matcher matcher = PLACEHOLDER.matcher(line);
            StringBuilder out = new StringBuilder();
            boolean hadPlaceholder = false;
            boolean anyFilled = false;
            while (matcher.find()) {
                hadPlaceholder = true;
                String value = values.getOrDefault(matcher.group(1), "");
                anyFilled |= !value.isEmpty();
                matcher.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(out);
            if (!hadPlaceholder || anyFilled) {
                lines.add(out.toString());
            }
        }
        return lines.toString().strip();
    }
}
