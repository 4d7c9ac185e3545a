package io.dealflow.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A local HTTP server on a free port that answers from a script and remembers every request it got. */
public final class RecordingHttpServer implements AutoCloseable {

    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    public record Reply(int status, String contentType, String body) {
        public static Reply json(int status, String body) {
            return new Reply(status, "application/json; charset=utf-8", body);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Reply> script;

    private RecordingHttpServer(Function<Request, Reply> script, boolean concurrent) throws IOException {
        this.script = script;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        if (concurrent) {
            server.setExecutor(Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "recording-http-server");
                thread.setDaemon(true);
                return thread;
            }));
        }
        server.start();
    }

    /** Answers one request at a time: while the script holds one, the next waits. */
    public static RecordingHttpServer start(Function<Request, Reply> script) throws IOException {
        return new RecordingHttpServer(script, false);
    }

    /** Answers requests side by side: one the script holds does not keep the next from arriving. */
    public static RecordingHttpServer startConcurrent(Function<Request, Reply> script) throws IOException {
        return new RecordingHttpServer(script, true);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void answer(Function<Request, Reply> script) {
        this.script = script;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public long count(String pathSuffix) {
        return requests.stream().filter(r -> r.path().endsWith(pathSuffix)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body);
            requests.add(request);
            Reply reply;
            try {
                reply = script.apply(request);
            } catch (RuntimeException e) {
                reply = new Reply(599, "text/plain", "test script failed: " + e);
            }
            byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
            if (reply.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            }
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
