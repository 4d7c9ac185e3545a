package io.dealflow.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A simulator's call to a receiver (a Bitrix24 event, a HubEx webhook): one POST on the calling thread with
 * HttpURLConnection, as DealFlow's own clients make theirs (ADR 0021). The JDK's HttpClient answers through a
 * selector and worker threads of its own, which took a quarter of the simulators' CPU under the benchmark's load,
 * on the cores DealFlow is measured on.
 */
public final class SandboxPost {

    private SandboxPost() {
    }

    /**
     * Sends {@code body} and returns the answer's status; the answer is read to its end, so that the connection
     * is kept for the next call. Not streamed: a 401 is read like any other answer.
     */
    public static int post(URL target, String contentType, String body, Duration connectTimeout, Duration timeout)
            throws IOException {
        HttpURLConnection connection = (HttpURLConnection) target.openConnection();
        connection.setConnectTimeout((int) connectTimeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        connection.setInstanceFollowRedirects(false);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", contentType);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        try (InputStream answer = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (answer != null) {
                answer.transferTo(OutputStream.nullOutputStream());
            }
        }
        return status;
    }
}
