package io.dealflow.sandbox.hubex;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import io.dealflow.sandbox.FaultInjector;

/**
 * Plays the people on the HubEx side of the sandbox: a technician finishing a task, a dispatcher moving it, and
 * whoever scripts outages. Answers in plain JSON with task IDs, not in HubEx's formats.
 */
@RestController
@RequestMapping("/sandbox/api/hubex")
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class HubexSandboxApiController {

    /** A completed-work line; quantity defaults to 1. */
    public record WorkLine(String name, Double cost, Double quantity, String notes) {
    }

    /**
     * A technician finishing a task; technicianId defaults to 171 (Павел Кулибин). {@code attributes} maps
     * custom-field IDs to values, e.g. {@code {"13": "Заменён фильтр"}}.
     */
    public record CompletionRequest(Integer technicianId, Double actualCost, String comment, List<WorkLine> works,
                                    Map<String, Object> attributes) {
    }

    /** One custom-field value, as a technician fills it in the task card; booleans and numbers become text. */
    public record AttributeRequest(Integer attributeId, Object value) {
    }

    public record StageRequest(Integer stageId) {
    }

    public record FaultRequest(String operation, Integer status, String body, Integer times, Integer delayMillis,
                               Boolean afterExecution, Double probability) {
    }

    /** Switches webhook calls on or off and sets the share of calls lost on the way; absent fields stay. */
    public record WebhookDeliveryRequest(Boolean deliver, Double dropRate) {
    }

    private final HubexSimulatorStore store;
    private final HubexWebhookSender webhooks;
    private final HubexAccessTokens tokens;
    private final FaultInjector faults;
    private final HubexTaskViews views;

    public HubexSandboxApiController(HubexSimulatorStore store, HubexWebhookSender webhooks, HubexAccessTokens tokens,
                                     @Qualifier(HubexCallGuard.FAULTS_BEAN) FaultInjector faults) {
        this.store = store;
        this.webhooks = webhooks;
        this.tokens = tokens;
        this.faults = faults;
        this.views = new HubexTaskViews(store);
    }

    @GetMapping("/tasks")
    public List<Map<String, Object>> tasks() {
        return store.listTasks().stream().map(this::summary).toList();
    }

    @GetMapping("/tasks/{taskId}")
    public Map<String, Object> task(@PathVariable int taskId) {
        return full(store.getTask(taskId));
    }

    /** Assigns the technician, posts the comment to the team chat, adds the works and the cost, then completes. */
    @PostMapping("/tasks/{taskId}/complete")
    public Map<String, Object> complete(@PathVariable int taskId, @RequestBody(required = false) CompletionRequest body) {
        CompletionRequest request = body == null ? new CompletionRequest(null, null, null, null, null) : body;
        int technicianId = request.technicianId() == null ? HubexDirectory.TECHNICIAN_KULIBIN_ID
                : request.technicianId();
        List<WorkLine> works = request.works() == null ? List.of() : request.works();
        validate(technicianId, request.actualCost(), works);
        Map<Integer, String> attributes = attributeValues(request.attributes());
        // Checked up front so that a refused completion leaves no chat message or work line behind.
        HubexTask task = store.getTask(taskId);
        if (task.completed() != null || task.isDeleted() || task.stageId() == HubexDirectory.STAGE_CLOSED
                || task.stageId() == HubexDirectory.STAGE_CANCELLED) {
            throw new IllegalArgumentException("task " + taskId + " is already completed, closed or deleted");
        }
        if (!Integer.valueOf(technicianId).equals(task.assignedToId())) {
            store.assignTechnician(taskId, technicianId);
        }
        if (request.comment() != null && !request.comment().isBlank()) {
            store.addChatMessage(taskId, technicianId, request.comment(), false);
        }
        for (WorkLine work : works) {
            store.addCompletedWork(taskId, work.name(), work.cost() == null ? 0 : work.cost(),
                    work.quantity() == null ? 1 : work.quantity(), work.notes());
        }
        if (request.actualCost() != null) {
            store.setActualCost(taskId, request.actualCost());
        }
        if (!attributes.isEmpty()) {
            store.mergeTaskAttributes(Map.of(taskId, attributes));
        }
        return full(store.completeTask(taskId));
    }

    /** Fills one custom field of the task, e.g. {@code {"attributeId": 13, "value": "Заменён фильтр"}}. */
    @PostMapping("/tasks/{taskId}/attributes")
    public Map<String, Object> setAttribute(@PathVariable int taskId,
                                            @RequestBody(required = false) AttributeRequest body) {
        if (body == null || body.attributeId() == null) {
            throw new IllegalArgumentException("attributeId is required");
        }
        return full(store.setTaskAttribute(taskId, body.attributeId(), text(body.value(), "value")));
    }

    @GetMapping("/attributes")
    public List<Map<String, Object>> attributes() {
        return store.directory().attributes().stream().map(attribute -> JsonFields.object()
                .put("id", attribute.id())
                .put("name", attribute.name())
                .put("type", attribute.type().code())
                .put("isRelevantForTask", attribute.relevantForTask())
                .put("isDeleted", attribute.isDeleted())
                .build()).toList();
    }

    @GetMapping("/companies")
    public List<Map<String, Object>> companies() {
        return store.companies().stream().map(company -> JsonFields.object()
                .put("id", company.id())
                .put("name", company.name())
                .put("tin", company.tin())
                .put("registrationTypeId", company.registrationTypeId())
                .put("isEmployer", company.isEmployer())
                .put("phone", company.phone())
                .put("email", company.email())
                .put("erpId", company.erpId())
                .build()).toList();
    }

    @GetMapping("/locations")
    public List<Map<String, Object>> locations() {
        return store.locations().stream().map(HubexEsController::location).toList();
    }

    @GetMapping("/assets")
    public List<Map<String, Object>> assets() {
        return store.assets().stream().map(asset -> JsonFields.object()
                .put("id", asset.id())
                .put("name", asset.name())
                .put("companyId", asset.companyId())
                .put("locationId", asset.locationId())
                .put("erpId", asset.erpId())
                .build()).toList();
    }

    /** Moves the task to any stage, bypassing the life cycle, as a dispatcher in the web app may. */
    @PostMapping("/tasks/{taskId}/stage")
    public Map<String, Object> stage(@PathVariable int taskId, @RequestBody(required = false) StageRequest body) {
        if (body == null || body.stageId() == null) {
            throw new IllegalArgumentException("stageId is required");
        }
        return full(store.moveToStage(taskId, body.stageId()));
    }

    @PostMapping("/faults")
    public Map<String, Object> addFault(@RequestBody(required = false) FaultRequest body) {
        if (body == null || body.operation() == null || body.operation().isBlank()) {
            throw new IllegalArgumentException("operation is required, e.g. \"POST /fsm/WORK/Tasks\"");
        }
        int status = body.status() == null ? 500 : body.status();
        int times = body.times() == null ? 1 : body.times();
        int delayMillis = body.delayMillis() == null ? 0 : body.delayMillis();
        if (status != 0 && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status must be 0 (delay only) or an HTTP status");
        }
        if (times < 1 || delayMillis < 0) {
            throw new IllegalArgumentException("times must be >= 1 and delayMillis >= 0");
        }
        double probability = body.probability() == null ? 1.0 : body.probability();
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be above 0 and at most 1");
        }
        FaultInjector.Fault fault = new FaultInjector.Fault(body.operation(), status, body.body(), delayMillis,
                Boolean.TRUE.equals(body.afterExecution()), probability, new AtomicInteger(times));
        faults.add(fault);
        return faultView(fault);
    }

    /** The faults still armed, with the uses left, and how many calls faults have hit so far. */
    @GetMapping("/faults")
    public Map<String, Object> listFaults() {
        return JsonFields.object()
                .put("pending", faults.pending().stream().map(HubexSandboxApiController::faultView).toList())
                .put("injected", faults.injectedCount())
                .build();
    }

    private static Map<String, Object> faultView(FaultInjector.Fault fault) {
        return JsonFields.object()
                .put("operation", fault.operationContains())
                .put("status", fault.status())
                .put("body", fault.body())
                .put("times", fault.remaining().get())
                .put("delayMillis", fault.delayMillis())
                .put("afterExecution", fault.afterExecution())
                .put("probability", fault.probability())
                .build();
    }

    @GetMapping("/webhooks")
    public Map<String, Object> webhookDelivery() {
        return JsonFields.object()
                .put("deliver", webhooks.isDeliverWebhooks())
                .put("dropRate", webhooks.drops().rate())
                .put("delivered", webhooks.deliveredCount())
                .put("failed", webhooks.failedCount())
                .put("dropped", webhooks.droppedCount())
                .put("isActive", store.webhook().isActive())
                .build();
    }

    @PutMapping("/webhooks")
    public Map<String, Object> changeWebhookDelivery(@RequestBody(required = false) WebhookDeliveryRequest body) {
        if (body == null || (body.deliver() == null && body.dropRate() == null)) {
            throw new IllegalArgumentException("deliver or dropRate is required");
        }
        if (body.dropRate() != null) {
            webhooks.drops().setRate(body.dropRate());
        }
        if (body.deliver() != null) {
            webhooks.setDeliverWebhooks(body.deliver());
        }
        return webhookDelivery();
    }

    @DeleteMapping("/faults")
    public ResponseEntity<Void> clearFaults() {
        faults.clear();
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/stats")
    public Map<String, Object> stats() {
        HubexWebhookState.Status webhook = store.webhook().status();
        return JsonFields.object()
                .put("tasks", store.listTasks().size())
                .put("requests", store.requestCount())
                .put("requestsByOperation", store.requestCounts())
                .put("lastApplicationId", store.lastApplicationId().orElse(null))
                .put("deliverWebhooks", webhooks.isDeliverWebhooks())
                .put("webhooksDelivered", webhooks.deliveredCount())
                .put("webhooksFailed", webhooks.failedCount())
                .put("webhooksDropped", webhooks.droppedCount())
                .put("faultsInjected", faults.injectedCount())
                .put("webhook", JsonFields.object()
                        .put("isActive", webhook.isActive())
                        .put("callsRemaining", webhook.callsRemaining())
                        .put("lastCallException", webhook.lastCallException()))
                .build();
    }

    /** Simulates 30 minutes passing: every access token issued so far stops working. */
    @PostMapping("/tokens/expire")
    public ResponseEntity<Void> expireTokens() {
        tokens.expireAllAccessTokens();
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/reset")
    public ResponseEntity<Void> reset() {
        store.reset();
        faults.clear();
        faults.resetCount();
        webhooks.resetCounters();
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(HubexApiException.class)
    public ResponseEntity<Map<String, String>> refused(HubexApiException e) {
        HttpStatus status = e.status() == HttpStatus.NOT_FOUND ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST;
        return ResponseEntity.status(status).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler({IllegalArgumentException.class, HttpMessageNotReadableException.class,
            MethodArgumentTypeMismatchException.class})
    public ResponseEntity<Map<String, String>> badInput(Exception e) {
        String reason = e instanceof HttpMessageNotReadableException ? "request body is not valid JSON of the "
                + "expected shape" : e.getMessage();
        return ResponseEntity.badRequest().body(Map.of("error", reason));
    }

    private void validate(int technicianId, Double actualCost, List<WorkLine> works) {
        if (store.directory().user(technicianId).filter(HubexUser::isTechnician).isEmpty()) {
            throw new IllegalArgumentException("user " + technicianId + " is not a technician");
        }
        if (actualCost != null && actualCost < 0) {
            throw new IllegalArgumentException("actualCost must be >= 0");
        }
        for (WorkLine work : works) {
            if (work == null || work.name() == null || work.name().isBlank()) {
                throw new IllegalArgumentException("every work needs a name");
            }
            if ((work.cost() != null && work.cost() < 0) || (work.quantity() != null && work.quantity() <= 0)) {
                throw new IllegalArgumentException("work cost must be >= 0 and quantity > 0");
            }
        }
    }

    /** Checked up front, like the works, so that a refused completion changes nothing. */
    private Map<Integer, String> attributeValues(Map<String, Object> raw) {
        Map<Integer, String> values = new LinkedHashMap<>();
        if (raw == null) {
            return values;
        }
        raw.forEach((key, value) -> {
            int attributeId;
            try {
                attributeId = Integer.parseInt(key.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("attribute keys must be attribute IDs, got \"" + key + "\"");
            }
            HubexAttribute attribute = store.directory().taskAttribute(attributeId);
            values.put(attributeId, attribute.type().normalize(attributeId, text(value, "attributes." + key)));
        });
        return values;
    }

    private static String text(Object value, String name) {
        if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new IllegalArgumentException(name + " must be a string, number or boolean");
        }
        return String.valueOf(value);
    }

    private Map<String, Object> summary(HubexTask task) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", task.id());
        view.putAll(views.detail(task));
        return view;
    }

    private Map<String, Object> full(HubexTask task) {
        Map<String, Object> view = summary(task);
        view.put("conversations", task.conversation().stream().map(views::chatMessage).toList());
        view.put("completedWorks", task.completedWorks().stream().map(views::completedWork).toList());
        return view;
    }
}
