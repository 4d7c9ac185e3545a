package io.dealflow.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of the webhook endpoints ({@code /webhooks/*}), which anyone on the internet can call:
 * <ul>
 *   <li>the body is read here, up to {@code dealflow.webhooks.max-body-size}: a larger one - announced by its
 *   Content-Length or found while reading a chunked body - is answered 413 before any handler runs;</li>
 *   <li>an undecodable body (a charset Java does not know, broken URL encoding of a form) is answered 415/400;</li>
 *   <li>an exception that escapes the handlers never becomes a 500: 503 when the database could not store the
 *   event (the sender should try again), 400 otherwise.</li>
 * </ul>
 * Nothing of the request - it may carry a token - is logged.
 */
public class WebhookRequestGuard extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(WebhookRequestGuard.class);

    private final WebhookProperties properties;

    public WebhookRequestGuard(WebhookProperties properties) {
        this.properties = properties;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long max = properties.getMaxBodySize().toBytes();
        if (request.getContentLengthLong() > max) {
            refuse(response, HttpStatus.PAYLOAD_TOO_LARGE, tooLarge(max));
            return;
        }
        MediaType contentType;
        Charset charset;
        try {
            contentType = request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
            charset = contentType == null || contentType.getCharset() == null ? StandardCharsets.UTF_8
                    : contentType.getCharset();
        } catch (IllegalArgumentException e) {
            // InvalidMediaTypeException, UnsupportedCharsetException, IllegalCharsetNameException
            refuse(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "the Content-Type header is malformed or names a charset that is not supported");
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        } catch (IOException e) {
            refuse(response, HttpStatus.BAD_REQUEST, "the body could not be read to its end");
            return;
        }
        if (body.length > max) {
            refuse(response, HttpStatus.PAYLOAD_TOO_LARGE, tooLarge(max));
            return;
        }
        WebhookRequest buffered;
        try {
            buffered = new WebhookRequest(request, body, charset,
                    contentType != null && MediaType.APPLICATION_FORM_URLENCODED.includes(contentType));
        } catch (IllegalArgumentException e) {
            refuse(response, HttpStatus.BAD_REQUEST, "the form or the query string is not valid URL encoding");
            return;
        }
        try {
            chain.doFilter(buffered, response);
        } catch (ServletException | RuntimeException e) {
            handleEscaped(request, response, e);
        }
    }

    private void handleEscaped(HttpServletRequest request, HttpServletResponse response, Exception e)
            throws IOException {
        boolean database = causedBy(e, DataAccessException.class);
        log.warn("{} {}: {} escaped the handler ({}); answered {}", request.getMethod(), request.getRequestURI(),
                rootOf(e).getClass().getSimpleName(), database ? "database" : "request",
                database ? 503 : 400);
        log.debug("Escaped exception", e);
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        if (database) {
            refuse(response, HttpStatus.SERVICE_UNAVAILABLE, "the event could not be stored; please send it again");
        } else {
            refuse(response, HttpStatus.BAD_REQUEST, "the request could not be processed");
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootOf(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String tooLarge(long max) {
        return "the body is larger than " + max + " bytes (dealflow.webhooks.max-body-size)";
    }

    private static void refuse(HttpServletResponse response, HttpStatus status, String reason) throws IOException {
        WebhookAnswers.answer(status.value(), Map.of("error", reason)).writeTo(response);
    }
}
