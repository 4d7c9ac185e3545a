package io.dealflow.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Bitrix24 and HubEx simulators as a process of their own ({@code io.dealflow.sandbox.SimulatorsMain} from the
 * packaged jar), driven through their sandbox APIs ({@code docs/sandbox.md}): deals, stage moves, duplicate events,
 * task completions, scripted faults, lost webhooks and the counters the reports are made of.
 */
public final class Simulators implements AutoCloseable {

    public static final String SERVICE_STAGE = "C1:UC_SERVICE";
    public static final String DONE_STAGE = "C1:UC_DONE";
    public static final String BITRIX24_SECRET = "sandbox-secret";
    public static final String APPLICATION_TOKEN = "sandbox-app-token";
    public static final String HUBEX_SERVICE_TOKEN = "sandbox-service-token";
    public static final String HUBEX_WEBHOOK_TOKEN = "sandbox-hubex-token";
    /**
     * The longest the simulated portal works on one request. Its slowest scripted answer is 6 s (FaultScenarios),
     * but a batch holds each slow command in turn; the limit ends such a request as the real portal's 60 s do.
     */
    public static final String REQUEST_TIME_LIMIT = "8s";

    /** The fault harness's simulators: small, quick to start (C1 only), serial GC. */
    public static final List<String> QUICK_START = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final int port;
    private final JavaProcess process;
    private final JsonHttp http;

    /**
     * @param eventReceivers  DealFlow base URLs (e.g. {@code http://127.0.0.1:8081}) that each get every Bitrix24
     *                        event and every HubEx webhook call
     * @param settings        further {@code --key=value} settings, e.g. the leaky bucket
     * @param jvmOptions      the simulators' JVM options, e.g. {@link #QUICK_START}
     */
    public Simulators(Path jar, Path runDirectory, int port, List<String> eventReceivers,
                      Map<String, String> settings, List<String> jvmOptions) {
        this.port = port;
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.port", String.valueOf(port));
        all.put("dealflow.sandbox.bitrix24.request-time-limit", REQUEST_TIME_LIMIT);
        all.put("dealflow.sandbox.bitrix24.event-handler-url", String.join(",",
                eventReceivers.stream().map(base -> base + "/webhooks/bitrix24").toList()));
        all.put("dealflow.sandbox.hubex.webhook-url", String.join(",",
                eventReceivers.stream().map(base -> base + "/webhooks/hubex?token=" + HUBEX_WEBHOOK_TOKEN).toList()));
        all.putAll(settings);
        List<String> launch = new ArrayList<>(List.of("-Dloader.main=io.dealflow.sandbox.SimulatorsMain", "-cp",
                jar.toString(), "org.springframework.boot.loader.launch.PropertiesLauncher"));
        all.forEach((key, value) -> launch.add("--" + key + "=" + value));
        this.process = new JavaProcess("simulators",
                JavaProcess.javaCommand(jvmOptions, launch),
                runDirectory.resolve("simulators.log"));
        this.http = new JsonHttp(baseUrl());
    }

    public Simulators start(Duration timeout) {
        process.start();
        Await.until("the simulators to answer on port " + port, timeout, Duration.ofMillis(250),
                () -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the simulators exited:\n" + process.logTail(40));
                    }
                    return http.status("/sandbox/api/hubex/stats") == 200;
                }, () -> process.logTail(40));
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** What DealFlow's dealflow.bitrix24.webhook-url must be. */
    public String bitrix24WebhookUrl() {
        return baseUrl() + "/sandbox/bitrix24/rest/1/" + BITRIX24_SECRET + "/";
    }

    /** What DealFlow's dealflow.hubex.base-url must be. */
    public String hubexBaseUrl() {
        return baseUrl() + "/sandbox/hubex/fsm";
    }

    // --- Bitrix24 ---

    /** A deal in pipeline 1 («Сервис») at its first stage, with a contact (phone, e-mail) and a company. */
    public String createServiceDeal(String title) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("comments", "[b]Проверка надёжности[/b]");
        body.put("stageId", "C1:NEW");
        body.put("contact", Map.of("name", "Ирина", "lastName", "Петрова", "phones", List.of("+79001234567"),
                "emails", List.of("i.petrova@example.ru")));
        body.put("company", Map.of("title", "ООО «Насосы»", "phones", List.of("+78431112233")));
        return http.post("/sandbox/api/bitrix24/deals", body).path("ID").asText();
    }

    /** A deal like {@link #createServiceDeal}'s whose company the portal has already: a repeat customer. */
    public String createServiceDeal(String title, String companyId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("comments", "[b]Повторное обращение[/b]");
        body.put("stageId", "C1:NEW");
        body.put("contact", Map.of("name", "Олег", "lastName", "Сидоров", "phones", List.of("+79007654321")));
        body.put("companyId", companyId);
        return http.post("/sandbox/api/bitrix24/deals", body).path("ID").asText();
    }

    public void moveDeal(String dealId, String stageId) {
        http.post("/sandbox/api/bitrix24/deals/" + dealId + "/stage", Map.of("stageId", stageId));
    }

    public JsonNode deal(String dealId) {
        return http.get("/sandbox/api/bitrix24/deals/" + dealId);
    }

    public String stageOf(String dealId) {
        return deal(dealId).path("STAGE_ID").asText();
    }

    /** The deal's ONCRMDEALUPDATE once more to every receiver, as Bitrix24 sometimes repeats an event. */
    public void repeatEvent(String dealId, int times) {
        http.post("/sandbox/api/bitrix24/deals/" + dealId + "/events",
                Map.of("event", "ONCRMDEALUPDATE", "times", times));
    }

    public void bitrix24Fault(FaultSpec fault) {
        http.post("/sandbox/api/bitrix24/faults", fault.json());
    }

    /** Switches event delivery on or off and sets the share of events lost on the way. */
    public void bitrix24Events(boolean deliver, double dropRate) {
        http.put("/sandbox/api/bitrix24/events", Map.of("deliver", deliver, "dropRate", dropRate));
    }

    /** The portal's leaky bucket; size 0 switches it off. */
    public void bitrix24Limit(int bucketSize, double drainPerSecond) {
        http.put("/sandbox/api/bitrix24/limit", Map.of("bucketSize", bucketSize, "drainPerSecond", drainPerSecond));
    }

    public JsonNode bitrix24Stats() {
        return http.get("/sandbox/api/bitrix24/stats");
    }

    // --- HubEx ---

    public JsonNode tasks() {
        return http.get("/sandbox/api/hubex/tasks");
    }

    /** A technician finishes the task: chat comment, a work line, the cost, completion. */
    public void completeTask(int taskId) {
        http.post("/sandbox/api/hubex/tasks/" + taskId + "/complete", Map.of("actualCost", 1500,
                "comment", "Работы выполнены", "works", List.of(Map.of("name", "Диагностика", "cost", 1500))));
    }

    public void hubexFault(FaultSpec fault) {
        http.post("/sandbox/api/hubex/faults", fault.json());
    }

    /** Every access token issued so far stops working, as after 30 minutes. */
    public void expireHubexTokens() {
        http.post("/sandbox/api/hubex/tokens/expire", null);
    }

    public void hubexWebhooks(boolean deliver, double dropRate) {
        http.put("/sandbox/api/hubex/webhooks", Map.of("deliver", deliver, "dropRate", dropRate));
    }

    public JsonNode hubexStats() {
        return http.get("/sandbox/api/hubex/stats");
    }

    public void clearFaults() {
        http.delete("/sandbox/api/bitrix24/faults");
        http.delete("/sandbox/api/hubex/faults");
    }

    /** Calls hit by a scripted fault so far, both simulators. */
    public long faultsInjected() {
        return bitrix24Stats().path("faultsInjected").asLong() + hubexStats().path("faultsInjected").asLong();
    }

    public Path log() {
        return process.log();
    }

    /** The operating system's process ID, or -1 when the simulators have not been started. */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
