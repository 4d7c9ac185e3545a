package io.dealflow.inbox;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A webhook request whose body has been read, up to the size limit, before any handler sees it. Form fields are
 * parsed here from that body (the container cannot parse a body that was already read), together with the query
 * string.
 */
final class WebhookRequest extends HttpServletRequestWrapper {

    private final byte[] body;
    private final Charset charset;
    private final Map<String, String[]> form;

    /**
     * @param charset the charset the body is declared in (UTF-8 if none)
     * @throws IllegalArgumentException when a form body or the query string is not valid URL encoding
     */
    WebhookRequest(HttpServletRequest request, byte[] body, Charset charset, boolean formBody) {
        super(request);
        this.body = body;
        this.charset = charset;
        this.form = formBody ? parseForm(request.getQueryString(), body, charset) : null;
    }

    private static Map<String, String[]> parseForm(String query, byte[] body, Charset charset) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        decodeInto(fields, query, StandardCharsets.UTF_8);
        decodeInto(fields, new String(body, charset), charset);
        Map<String, String[]> result = new LinkedHashMap<>();
        fields.forEach((name, values) -> result.put(name, values.toArray(String[]::new)));
        return Collections.unmodifiableMap(result);
    }

    private static void decodeInto(Map<String, List<String>> fields, String encoded, Charset charset) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
            fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
    }

    /** The body as text, in the charset it was declared in; empty when there was none. */
    String bodyText() {
        return new String(body, charset);
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("the webhook body has been read already");
            }
        };
    }

    @Override
    public BufferedReader getReader() {
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public String getParameter(String name) {
        if (form == null) {
            return super.getParameter(name);
        }
        String[] values = form.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return form == null ? super.getParameterMap() : form;
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return form == null ? super.getParameterNames() : Collections.enumeration(form.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        return form == null ? super.getParameterValues(name) : form.get(name);
    }
}
