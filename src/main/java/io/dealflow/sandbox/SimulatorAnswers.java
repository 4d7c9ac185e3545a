package io.dealflow.sandbox;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Writes a simulator handler's {@link ResponseEntity} as Spring MVC would have - its status and headers, a text
 * body in its declared charset (UTF-8 unless given), any other body as JSON with the application's
 * {@link ObjectMapper} - for the calls a simulator answers in front of Spring MVC: the Bitrix24 REST methods and
 * HubEx's task calls, the ones every deal cycle makes. The answer goes out with its length, so that the caller's
 * connection is kept.
 */
public final class SimulatorAnswers {

    private static final MediaType TEXT_UTF8 = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

    private final ObjectMapper json;

    public SimulatorAnswers(ObjectMapper json) {
        this.json = json;
    }

    public void write(ResponseEntity<?> answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.getStatusCode().value());
        for (Map.Entry<String, List<String>> header : answer.getHeaders().entrySet()) {
            for (String value : header.getValue()) {
                response.addHeader(header.getKey(), value);
            }
        }
        Object body = answer.getBody();
        if (body == null) {
            response.setContentLength(0);
            return;
        }
        MediaType declared = answer.getHeaders().getContentType();
        byte[] bytes;
        if (body instanceof String text) {
            MediaType type = declared == null ? TEXT_UTF8 : declared;
            Charset charset = type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset();
            bytes = text.getBytes(charset);
            if (declared == null) {
                response.setContentType(type.toString());
            }
        } else {
            bytes = json.writeValueAsBytes(body);
            if (declared == null) {
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            }
        }
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * A request body as Spring MVC hands it to an optional {@code @RequestBody String}: in the declared charset,
     * UTF-8 unless given, and {@code null} when there is none.
     */
    public static String body(HttpServletRequest request) throws IOException {
        byte[] bytes = request.getInputStream().readAllBytes();
        if (bytes.length == 0) {
            return null;
        }
        String encoding = request.getCharacterEncoding();
        return new String(bytes, encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding));
    }
}
