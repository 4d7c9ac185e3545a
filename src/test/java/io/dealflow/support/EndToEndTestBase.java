package io.dealflow.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.dealflow.inbox.DealEventInbox;
import io.dealflow.process.ProcessConstants;
import io.dealflow.sandbox.FaultInjector;
import io.dealflow.sandbox.bitrix24.Bitrix24SimulatorStore;
import io.dealflow.sandbox.hubex.HubexSimulatorStore;
import io.dealflow.sandbox.hubex.HubexTask;
import io.dealflow.sandbox.hubex.HubexTaskQuery;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on a free port, with the sandbox simulators answering over real HTTP, on PostgreSQL, with
 * its real job executor and background loops. All subclasses share one application context; each test works on
 * deals of its own, so tests do not reset the simulators.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"sandbox", "e2e"})
public abstract class EndToEndTestBase {

    protected static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** The administrator's login in application-e2e.yml. */
    protected static final String ADMIN_USER = "admin";
    protected static final String ADMIN_PASSWORD = "e2e-Admin-pw-7Qz4vK";
    private static final int PORT = FreePort.find();

    @Autowired protected Bitrix24SimulatorStore bitrix24;
    @Autowired protected HubexSimulatorStore hubex;
    @Autowired @Qualifier("bitrix24Faults") protected FaultInjector bitrix24Faults;
    @Autowired @Qualifier("hubexFaults") protected FaultInjector hubexFaults;
    @Autowired protected RuntimeService runtimeService;
    @Autowired protected HistoryService historyService;
    @Autowired protected DealEventInbox dealEvents;

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void endToEndProperties(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.Connection db = PostgresTestDatabase.get();
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        registry.add("server.port", () -> PORT);
    }

    @AfterEach
    void clearFaults() {
        bitrix24Faults.clear();
        hubexFaults.clear();
    }

    protected String baseUrl() {
        return "http://localhost:" + PORT;
    }

    /** A deal with a contact and a company, created in pipeline 1 («Сервис») at its first stage. */
    protected String newServiceDeal(String title) {
        String contact = bitrix24.createContact("Ирина", "Петрова", List.of("+79001234567", "+78432000000"),
                List.of("i.petrova@example.ru"));
        String company = bitrix24.createCompany("ООО «Насосы»", List.of("+78431112233"), List.of("office@nasosy.ru"));
        return bitrix24.createDeal(title, "[b]Клиент просит утро[/b], [url=https://example.ru/plan]план[/url]", 1,
                "C1:NEW", contact, company, Map.of());
    }

    protected List<HubexTask> tasksOf(String dealId) {
        return hubex.findTasks(HubexTaskQuery.byErpId(dealId));
    }

    protected long cyclesOf(String dealId) {
        return historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(ProcessConstants.PROCESS_KEY).processInstanceBusinessKey(dealId).count();
    }

    protected boolean cycleEnded(String dealId) {
        return historyService.createHistoricProcessInstanceQuery().processDefinitionKey(ProcessConstants.PROCESS_KEY)
                .processInstanceBusinessKey(dealId).finished().count() == 1;
    }

    protected boolean waitingForTask(String dealId) {
        return runtimeService.createExecutionQuery().processInstanceBusinessKey(dealId)
                .activityId("Task_WaitForTaskChange").count() == 1;
    }

    protected void awaitInboxDrained() {
        Eventually.await("the deal event inbox to drain", TIMEOUT, () -> dealEvents.pendingCount() == 0);
    }

    protected HttpResponse<String> postBitrix24Event(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return post("/webhooks/bitrix24", "application/x-www-form-urlencoded", body);
    }

    /** An ONCRMDEALUPDATE exactly as Bitrix24 sends it. */
    protected Map<String, String> dealEvent(String event, String dealId, String applicationToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("event", event);
        form.put("event_handler_id", "37");
        form.put("data[FIELDS][ID]", dealId);
        form.put("ts", String.valueOf(System.currentTimeMillis() / 1000));
        form.put("auth[domain]", "sandbox.bitrix24.local");
        form.put("auth[client_endpoint]", "https://sandbox.bitrix24.local/rest/");
        form.put("auth[server_endpoint]", "https://oauth.bitrix24.tech/rest/");
        form.put("auth[member_id]", "5f0c9e");
        form.put("auth[application_token]", applicationToken);
        return form;
    }

    /** The administrator's HTTP Basic header (application-e2e.yml): /actuator (but its health) needs a login. */
    protected static String operatorLogin() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                (ADMIN_USER + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** GET as an operator. */
    protected HttpResponse<String> operatorGet(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", operatorLogin())
                .GET().build(), "GET " + path);
    }

    /** POST of a JSON body as an operator. */
    protected HttpResponse<String> operatorPost(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", operatorLogin())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), "POST " + path);
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed", e);
        }
    }

    protected HttpResponse<String> post(String path, String contentType, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("POST " + path + " failed", e);
        }
    }
}
