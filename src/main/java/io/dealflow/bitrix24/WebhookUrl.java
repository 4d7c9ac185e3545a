package io.dealflow.bitrix24;

import java.net.URI;
import java.util.Locale;

/** The inbound webhook URL {@code https://portal/rest/<user>/<secret>/}: the secret must never leave this class. */
final class WebhookUrl {

    private final String url;

    WebhookUrl(String url) {
        String trimmed = url == null ? "" : url.trim();
        this.url = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    boolean isConfigured() {
        return !url.isEmpty();
    }

    String base() {
        return url;
    }

    /** The portal's host ({@code portal.bitrix24.ru}): what Bitrix24 counts requests by, without the secret. */
    String portal() {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "" : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** {@code https://portal.bitrix24.ru/rest/1/***} */
    String masked() {
        if (url.isEmpty()) {
            return "(not configured)";
        }
        int lastSlash = url.lastIndexOf('/');
        return lastSlash < 0 ? "***" : url.substring(0, lastSlash + 1) + "***";
    }

    /** Removes the URL and the secret from a text that may have picked them up (exception messages). */
    String scrub(String text) {
        if (text == null || url.isEmpty()) {
            return text;
        }
        String secret = secret();
        String result = text.replace(url, masked());
        return secret.isEmpty() ? result : result.replace(secret, "***");
    }

    private String secret() {
        try {
            String path = URI.create(url).getPath();
            int lastSlash = path.lastIndexOf('/');
            return lastSlash < 0 ? "" : path.substring(lastSlash + 1);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
