package io.dealflow.mapping;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bitrix24 comments are BB-code. HubEx shows {@code notes} as plain text and {@code notesHtml} in the task card;
 * the HTML is built from escaped text plus a fixed set of tags, so nothing from the deal can inject markup.
 */
public final class BbCode {

    private static final Pattern URL_WITH_TARGET = Pattern.compile("\\[url=([^\\]]*)](.*?)\\[/url]",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern URL_PLAIN = Pattern.compile("\\[url](.*?)\\[/url]",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ANY_TAG = Pattern.compile("\\[/?[a-zA-Z*]+(=[^\\]]*)?]");
    private static final Pattern SAFE_URL = Pattern.compile("^(https?://|mailto:)[^\\s\"'<>]+$",
            Pattern.CASE_INSENSITIVE);

    private BbCode() {
    }

    public static String toPlainText(String bbCode) {
        if (bbCode == null || bbCode.isEmpty()) {
            return "";
        }
        String text = bbCode.replaceAll("(?i)\\[br]", "\n").replaceAll("(?i)\\[\\*]", "\n- ");
        text = URL_WITH_TARGET.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                linkText(m.group(2), m.group(1))));
        text = URL_PLAIN.matcher(text).replaceAll("$1");
        text = ANY_TAG.matcher(text).replaceAll("");
        return text.replace("&nbsp;", " ").strip();
    }

    public static String toHtml(String bbCode) {
        if (bbCode == null || bbCode.isEmpty()) {
            return "";
        }
        String html = escape(bbCode);
        html = replaceTag(html, "b", "strong");
        html = replaceTag(html, "i", "em");
        html = replaceTag(html, "u", "u");
        html = replaceTag(html, "s", "s");
        html = replaceTag(html, "quote", "blockquote");
        html = replaceTag(html, "code", "code");
        html = html.replaceAll("(?i)\\[list]", "<ul>").replaceAll("(?i)\\[/list]", "</ul>")
                .replaceAll("(?i)\\[\\*]", "<li>").replaceAll("(?i)\\[br]", "<br>");
        html = URL_WITH_TARGET.matcher(html).replaceAll(m -> Matcher.quoteReplacement(link(m.group(1), m.group(2))));
        html = URL_PLAIN.matcher(html).replaceAll(m -> Matcher.quoteReplacement(link(m.group(1), m.group(1))));
        html = ANY_TAG.matcher(html).replaceAll("");
        return html.strip().replace("\r\n", "\n").replace("\n", "<br>");
    }

    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static String replaceTag(String html, String bb, String tag) {
        return html.replaceAll("(?i)\\[" + bb + "]", "<" + tag + ">")
                .replaceAll("(?i)\\[/" + bb + "]", "</" + tag + ">");
    }

    /** The target is already HTML-escaped; an unsafe scheme (javascript:) keeps only the text. */
    private static String link(String escapedTarget, String escapedText) {
        String target = escapedTarget.replace("&amp;", "&");
        if (!SAFE_URL.matcher(target).matches()) {
            return escapedText;
        }
        return "<a href=\"" + escapedTarget + "\">" + escapedText + "</a>";
    }

    private static String linkText(String text, String target) {
        return text.equals(target) || text.isBlank() ? target : text + " (" + target + ")";
    }
}
